import assert from "node:assert/strict";
import { test } from "node:test";
import { parseErrorBody, parseSyncResponse } from "./protocol";

const ok = {
  results: [
    { seq: 41, status: "applied" },
    { seq: 42, status: "rejected", code: "forbidden", message: "not yours" },
  ],
  records: [{ collection: "activities", id: "a", fields: { kind: "visit" }, stamps: { kind: "1764312345678-0000-x" } }],
  cursor: "c1",
  more: false,
  reset: false,
  server_time: 1764312399000,
};

test("a well-formed answer is accepted as it is", () => {
  assert.deepEqual(parseSyncResponse(ok), ok);
  assert.equal(parseSyncResponse({ ...ok, reset: true, reset_reason: "restored" }).reset_reason, "restored");
});

test("missing results and records mean none", () => {
  const { results: _r, records: _c, ...rest } = ok;
  const got = parseSyncResponse(rest);
  assert.deepEqual([got.results, got.records], [[], []]);
});

test("anything else is refused before it can touch the replica", () => {
  const bad: unknown[] = [
    null,
    "<html>captive portal</html>",
    [],
    { ...ok, cursor: undefined },
    { ...ok, server_time: "now" },
    { ...ok, more: "no" },
    { ...ok, results: [{ status: "applied" }] },
    { ...ok, records: [{ collection: "activities", id: "a", fields: {} }] },
  ];
  for (const b of bad) assert.throws(() => parseSyncResponse(b), TypeError, JSON.stringify(b));
});

test("error bodies give code, message and last_seq", () => {
  assert.deepEqual(parseErrorBody({ error: { code: "seq_gap", message: "gap" }, last_seq: 40 }), {
    error: { code: "seq_gap", message: "gap" },
    last_seq: 40,
  });
  assert.deepEqual(parseErrorBody({ error: { code: "token_expired" } }), { error: { code: "token_expired", message: "" } });
  assert.equal(parseErrorBody(undefined), null);
  assert.equal(parseErrorBody({ error: "nope" }), null);
});
