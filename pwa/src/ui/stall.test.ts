import assert from "node:assert/strict";
import { test } from "node:test";
import { lang, t } from "../i18n";
import type { SyncSnapshot } from "../sync";
import { STALL_AFTER_MS, stallKey, stallOf } from "./stall";

const recorded = Date.UTC(2026, 11, 7, 1, 0);

function snap(patch: Partial<SyncSnapshot>): SyncSnapshot {
  return {
    online: true,
    syncing: false,
    pending: 2,
    rejected: 0,
    lastSyncAt: null,
    last: { kind: "error", status: 500, code: "internal", message: "boom" },
    retryAt: null,
    dataVersion: 0,
    history: false,
    oldestPendingAt: recorded,
    storageFullAt: null,
    ...patch,
  };
}

test("a stall is said only after ten minutes from the oldest change, on the phone's clock", () => {
  assert.equal(stallOf(snap({}), recorded + STALL_AFTER_MS, true), null, "exactly ten minutes is not yet");
  assert.deepEqual(stallOf(snap({}), recorded + STALL_AFTER_MS + 60_000, true), {
    pending: 2,
    minutes: 11,
    reason: { kind: "serverError", status: 500, code: "internal" },
  });
});

test("no stall while offline, with nothing waiting, or once the last sync drained", () => {
  const late = recorded + 60 * 60_000;
  assert.equal(stallOf(snap({}), late, false), null, "no network: the strip says offline");
  assert.equal(stallOf(snap({ last: { kind: "offline" } }), late, true), null, "no answer from the server");
  assert.equal(stallOf(snap({ pending: 0, oldestPendingAt: null }), late, true), null);
  assert.equal(stallOf(snap({ last: { kind: "ok" } }), late, true), null);
  assert.equal(stallOf(null, late, true), null);
});

test("the reason names what the server said", () => {
  const late = recorded + 60 * 60_000;
  const reason = (last: SyncSnapshot["last"]) => stallOf(snap({ last }), late, true)?.reason;
  assert.deepEqual(reason({ kind: "error", status: 507, code: "insufficient_storage", message: "" }), { kind: "serverFull" });
  assert.deepEqual(reason({ kind: "error", status: 429, code: "rate_limited", message: "" }), { kind: "busy", status: 429 });
  assert.deepEqual(reason({ kind: "error", status: 400, code: "bad_request", message: "no" }), { kind: "refused", status: 400, code: "bad_request", message: "no" });
  assert.deepEqual(reason({ kind: "error", status: 0, code: "client", message: "disk" }), { kind: "local", message: "disk" });
  assert.deepEqual(reason({ kind: "forbidden", message: "x" }), { kind: "forbidden" });
  assert.deepEqual(reason({ kind: "auth" }), { kind: "auth" });
});

test("every reason has words in both languages", () => {
  const reasons = ["serverError", "serverFull", "busy", "refused", "local", "forbidden", "upgrade", "auth"] as const;
  for (const l of ["zh-CN", "en"] as const) {
    lang.value = l;
    for (const kind of reasons) {
      const words = t(stallKey({ kind } as never), { status: 500, code: "internal", message: "boom" });
      assert.ok(words.length > 0 && !words.includes("{"), `${l} ${kind}: ${words}`);
    }
  }
  lang.value = "zh-CN";
});
