import "fake-indexeddb/auto";
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { OfflineError, SyncEngine, type HttpAnswer, type Send } from "./engine";
import type { PulledRecord, SyncRequest, SyncResponse } from "./protocol";
import { LocalStore, StorageFullError } from "./store";

// sync() needs no browser globals (navigator.locks is optional); start() and
// stop() need window and document, which the tests that call them get here.
function browserGlobals(): void {
  if (typeof window === "undefined") {
    Object.assign(globalThis, {
      window: new EventTarget(),
      // Hidden, so the poller never starts a sync by itself.
      document: Object.assign(new EventTarget(), { visibilityState: "hidden" }),
    });
  }
}

/** What the fake server does with one request. */
type Reply = HttpAnswer | Error | ((req: SyncRequest) => HttpAnswer);

/** A fake `send` that answers with the replies in order and records every request. */
function fakeServer(...replies: Reply[]): { send: Send; requests: SyncRequest[] } {
  const requests: SyncRequest[] = [];
  const send: Send = async (req) => {
    requests.push(structuredClone(req));
    const r = replies.shift();
    if (r === undefined) throw new Error(`unexpected request #${requests.length}`);
    if (r instanceof Error) throw r;
    return typeof r === "function" ? r(req) : r;
  };
  return { send, requests };
}

/** A 200 answer. */
function ok(p: Partial<SyncResponse> = {}): HttpAnswer {
  const body: SyncResponse = { results: [], records: [], cursor: "c1", more: false, reset: false, server_time: Date.now(), ...p };
  return { status: 200, body };
}

/** A 200 answer that applies every change the request carried. */
function applyAll(p: Partial<SyncResponse> = {}): (req: SyncRequest) => HttpAnswer {
  return (req) => ok({ results: req.changes.map((c) => ({ seq: c.seq, status: "applied" as const })), ...p });
}

function fail(status: number, code: string, message = "", extra: Record<string, unknown> = {}): HttpAnswer {
  return { status, body: { error: { code, message }, ...extra } };
}

function record(id: string, fields: Record<string, unknown>): PulledRecord {
  const stamps: Record<string, string> = {};
  for (const k of Object.keys(fields)) stamps[k] = `${Date.now()}-0000-server`;
  return { collection: "customers", id, fields, stamps };
}

let users = 0;
async function setup(...replies: Reply[]) {
  users++;
  const store = await LocalStore.open(`engine-test-user-${users}`);
  const server = fakeServer(...replies);
  // Backoff long enough that no retry fires while a test runs.
  const engine = new SyncEngine(store, server.send, { backoffMinMs: 60_000, backoffMaxMs: 60_000 });
  return { store, engine, requests: server.requests };
}

/** Queues n changes to customers c1…cn. */
async function queue(store: LocalStore, n: number): Promise<void> {
  await store.addChanges(Array.from({ length: n }, (_, i) => ({ collection: "customers", id: `c${i + 1}`, fields: { n: i + 1 } })));
}

const seqsOf = (req: SyncRequest | undefined) => req?.changes.map((c) => c.seq);

describe("pushing and pulling", () => {
  test("pushes the outbox in seq order with the client id and the stored cursor", async () => {
    const { store, engine, requests } = await setup(ok({ cursor: "after-pull" }), applyAll({ cursor: "after-push" }));
    assert.deepEqual(await engine.sync(), { kind: "ok" }); // a first, pure pull
    await queue(store, 3);
    assert.deepEqual(await engine.sync(), { kind: "ok" });
    const { clientId } = await store.meta();
    assert.deepEqual(requests[0], { protocol: 3, client_id: clientId, cursor: "", changes: [], limit: 500 });
    const push = requests[1]!;
    assert.deepEqual([push.client_id, push.cursor, seqsOf(push)], [clientId, "after-pull", [1, 2, 3]]);
    assert.deepEqual(
      push.changes.map((c) => [c.id, c.fields]),
      [
        ["c1", { n: 1 }],
        ["c2", { n: 2 }],
        ["c3", { n: 3 }],
      ],
    );
    assert.equal(await store.outboxCount(), 0);
    assert.equal((await store.meta()).cursor, "after-push");
    store.close();
  });

  test("from protocol 2 on the app takes into its copy what the server applied, which the answer leaves out", async () => {
    const { store, engine, requests } = await setup((req) =>
      ok({
        results: [
          { seq: 1, status: "applied" },
          { seq: 2, status: "rejected", code: "invalid", message: "no" },
        ],
        // Only the server's own field: n is what the request sent.
        records: [{ collection: "customers", id: "c1", fields: { owner_id: "u1" }, stamps: { owner_id: `${req.changes[0]!.hlc.slice(0, 13)}-0000-server` } }],
      }),
    );
    await queue(store, 2);
    assert.deepEqual(await engine.sync(), { kind: "ok" });
    assert.equal(requests[0]!.protocol, 3);
    const c1 = await store.read("customers", "c1");
    assert.deepEqual([c1?.fields["n"], c1?.fields["owner_id"]], [1, "u1"]);
    assert.equal(await store.read("customers", "c2"), null, "a rejected change is not taken in");
    store.close();
  });

  test("a phased first pull says when the history is coming, and the screens read the history once", async () => {
    const seen: boolean[] = [];
    const { store, engine } = await setup(
      ok({ cursor: "p1", more: true, phase: "recent", records: [record("r1", { name: "this week" })] }),
      ok({ cursor: "p2", more: true, phase: "history", records: [record("r2", { name: "this week too" })] }),
      ok({ cursor: "p3", more: true, phase: "history", records: [record("r3", { name: "old" })] }),
      ok({ cursor: "p4", records: [record("r4", { name: "older" })] }),
    );
    engine.subscribe(() => {
      if (seen.at(-1) !== engine.snapshot.history) seen.push(engine.snapshot.history);
    });
    let reads = 0;
    engine.onData((c) => {
      if (c.kind === "collections") reads++;
    });
    assert.deepEqual(await engine.sync(), { kind: "ok" });
    assert.deepEqual(seen, [false, true, false]);
    // The screens read again after each page of the first pass, and once for the history.
    assert.equal(reads, 3);
    assert.equal((await store.list("customers")).length, 4);
    store.close();
  });

  test("sent changes carry only the wire fields", async () => {
    const { store, engine, requests } = await setup(applyAll());
    await queue(store, 1);
    await engine.sync();
    assert.deepEqual(Object.keys(requests[0]!.changes[0]!).sort(), ["collection", "fields", "hlc", "id", "seq"]);
    store.close();
  });

  test("keeps pulling while more is true, sending each cursor it got", async () => {
    const { store, engine, requests } = await setup(
      ok({ cursor: "p1", more: true, records: [record("r1", { name: "a" })] }),
      ok({ cursor: "p2", more: true, records: [record("r2", { name: "b" })] }),
      ok({ cursor: "p3", records: [record("r3", { name: "c" })] }),
    );
    assert.deepEqual(await engine.sync(), { kind: "ok" });
    assert.deepEqual(
      requests.map((r) => r.cursor),
      ["", "p1", "p2"],
    );
    assert.equal((await store.meta()).cursor, "p3");
    assert.deepEqual(
      (await store.list("customers")).map((r) => r.id),
      ["r1", "r2", "r3"],
    );
    store.close();
  });

  test("more changes than one request carries go in several requests", async () => {
    const { store, engine, requests } = await setup(applyAll(), applyAll());
    await queue(store, 501);
    assert.deepEqual(await engine.sync(), { kind: "ok" });
    assert.deepEqual(
      requests.map((r) => r.changes.length),
      [500, 1],
    );
    assert.deepEqual(seqsOf(requests[1]), [501]);
    store.close();
  });

  test("after a reset it pulls again from the start and sends what is unsent", async () => {
    const { store, engine, requests } = await setup(ok({ reset: true, reset_reason: "scope" }), applyAll({ cursor: "fresh" }));
    await queue(store, 1);
    const sentFirst = await store.outboxBatch(1);
    assert.deepEqual(await engine.sync(), { kind: "ok" });
    assert.deepEqual(
      requests.map((r) => [r.cursor, seqsOf(r)]),
      [
        ["", [1]],
        ["", [1]],
      ],
    );
    assert.equal(requests[1]!.changes[0]!.hlc, sentFirst[0]!.hlc);
    assert.equal(await store.outboxCount(), 0);
    store.close();
  });

  test("a change rejected for clock_skew is sent again at once with its new stamp", async () => {
    const { store, engine, requests } = await setup(
      (req) => ok({ results: [{ seq: req.changes[0]!.seq, status: "rejected", code: "clock_skew" }] }),
      applyAll(),
    );
    await queue(store, 1);
    assert.deepEqual(await engine.sync(), { kind: "ok" });
    assert.deepEqual(requests.map(seqsOf), [[1], [2]]);
    assert.equal(await store.outboxCount(), 0);
    assert.equal(engine.snapshot.rejected, 0);
    store.close();
  });

  test("a rejected change is counted in the snapshot and the sync still succeeds", async () => {
    const { store, engine } = await setup((req) =>
      ok({ results: req.changes.map((c) => ({ seq: c.seq, status: "rejected" as const, code: "forbidden", message: "no" })) }),
    );
    await queue(store, 2);
    assert.deepEqual(await engine.sync(), { kind: "ok" });
    assert.deepEqual([engine.snapshot.pending, engine.snapshot.rejected], [0, 2]);
    store.close();
  });
});

describe("a user who left", () => {
  test("sends the whole outbox, then ends as departed", async () => {
    const departed = applyAll({ reset: true, reset_reason: "departed" });
    const { store, engine, requests } = await setup(departed, departed, departed);
    await queue(store, 1001);
    assert.deepEqual(await engine.sync(), { kind: "departed" });
    assert.equal(await store.outboxCount(), 0);
    assert.deepEqual(
      requests.map((r) => r.changes.length),
      [500, 500, 1],
    );
    store.close();
  });

  test("a change left unanswered is never given up: the sync ends in error, and the outbox keeps it", async () => {
    const keepsOne = (req: SyncRequest) =>
      ok({ results: req.changes.slice(1).map((c) => ({ seq: c.seq, status: "applied" as const })), reset: true, reset_reason: "departed" });
    // Three answers that leave a change out, then no answer at all.
    const { store, engine } = await setup(keepsOne, keepsOne, keepsOne);
    await queue(store, 2);
    const out = await engine.sync();
    assert.equal(out.kind, "error");
    assert.equal(await store.outboxCount(), 1);
    store.close();
  });
});

describe("error answers", () => {
  test("507 (the server's disk is nearly full) keeps the outbox, pulls without sending, and sends later", async () => {
    browserGlobals();
    const full: HttpAnswer = { ...fail(507, "insufficient_storage", "disk full"), retryAfter: 60 };
    const { store, engine, requests } = await setup(full, ok({ cursor: "pulled", records: [record("r1", { name: "从服务器来" })] }), applyAll({ cursor: "pushed" }));
    engine.start();
    try {
      await queue(store, 2);
      const before = Date.now();
      const out = await engine.sync();
      assert.deepEqual(out, { kind: "error", status: 507, code: "insufficient_storage", message: "disk full", retryAfter: 60 });
      assert.deepEqual(requests.map(seqsOf), [[1, 2], []], "the push, then a pull without changes");
      assert.equal(await store.outboxCount(), 2, "nothing sent is dropped");
      assert.equal((await store.meta()).cursor, "pulled");
      assert.equal((await store.read("customers", "r1"))?.fields["name"], "从服务器来", "the pull went on");
      assert.equal(engine.snapshot.pending, 2);
      const retryAt = engine.snapshot.retryAt;
      assert.ok(retryAt !== null && retryAt >= before + 60_000, "a retry after Retry-After");
      // Space returned: the same changes go, with the same seqs.
      assert.deepEqual(await engine.sync(), { kind: "ok" });
      assert.deepEqual(seqsOf(requests[2]), [1, 2]);
      assert.equal(await store.outboxCount(), 0);
    } finally {
      engine.stop();
      store.close();
    }
  });

  test("409 seq_gap renumbers the outbox from last_seq + 1 and sends again", async () => {
    const { store, engine, requests } = await setup(fail(409, "seq_gap", "gap", { last_seq: 0 }), applyAll());
    await queue(store, 5);
    // Changes 1 and 2 were applied before the server was restored from a backup that lost them.
    const sent = await store.outboxBatch(2);
    await store.applyResponse(sent, { results: sent.map((e) => ({ seq: e.seq, status: "applied" })), records: [], cursor: "x", more: false, reset: false, server_time: Date.now() }, Date.now());
    assert.deepEqual(await engine.sync(), { kind: "ok" });
    assert.deepEqual(requests.map(seqsOf), [
      [3, 4, 5],
      [1, 2, 3],
    ]);
    assert.deepEqual(
      requests[1]!.changes.map((c) => c.id),
      ["c3", "c4", "c5"],
    );
    assert.equal(await store.outboxCount(), 0);
    store.close();
  });

  test("413 halves the batch until it fits", async () => {
    const { store, engine, requests } = await setup(fail(413, "too_large"), applyAll(), applyAll());
    await queue(store, 4);
    assert.deepEqual(await engine.sync(), { kind: "ok" });
    assert.deepEqual(requests.map(seqsOf), [
      [1, 2, 3, 4],
      [1, 2],
      [3, 4],
    ]);
    store.close();
  });

  test("413 for a single change rejects it locally as too_large and sends the rest", async () => {
    const tooBig = (req: SyncRequest): HttpAnswer =>
      req.changes.some((c) => c.id === "c1") ? fail(413, "too_large", "body too large") : applyAll()(req);
    const { store, engine, requests } = await setup(tooBig, tooBig, tooBig);
    await queue(store, 2);
    assert.deepEqual(await engine.sync(), { kind: "ok" });
    assert.deepEqual(requests.map(seqsOf), [[1, 2], [1], [2]]);
    const rejected = await store.rejected();
    assert.deepEqual(
      rejected.map((r) => [r.change.id, r.code, r.message]),
      [["c1", "too_large", "body too large"]],
    );
    assert.deepEqual([engine.snapshot.pending, engine.snapshot.rejected], [0, 1]);
    store.close();
  });

  // The server refuses a body over its limit by its length and closes the
  // connection, which a browser reports as a network failure: a single change
  // too big for any body would make every sync end offline and block what
  // follows it. It is rejected on the phone instead, as after a 413.
  test("a single change too big for any request body is rejected locally, and the rest is sent", async () => {
    const server = (req: SyncRequest): HttpAnswer => {
      if (new TextEncoder().encode(JSON.stringify(req)).length > 1 << 20) throw new OfflineError("connection reset");
      return applyAll()(req);
    };
    const { store, engine, requests } = await setup(server, server, server);
    await store.addChange("customers", "big", { notes: "x".repeat(1_100_000) });
    await store.addChange("customers", "small", { notes: "ok" });
    assert.deepEqual(await engine.sync(), { kind: "ok" });
    assert.ok(requests.every((r) => r.changes.every((c) => c.id !== "big")));
    assert.deepEqual(
      (await store.rejected()).map((r) => [r.change.id, r.code]),
      [["big", "too_large"]],
    );
    assert.equal(await store.outboxCount(), 0);
    store.close();
  });

  test("401 ends the sync as auth and keeps the outbox", async () => {
    const { store, engine } = await setup(fail(401, "token_expired"));
    await queue(store, 2);
    assert.deepEqual(await engine.sync(), { kind: "auth" });
    assert.equal(await store.outboxCount(), 2);
    assert.equal(engine.snapshot.pending, 2);
    assert.deepEqual(engine.snapshot.last, { kind: "auth" });
    store.close();
  });

  test("no answer at all ends the sync as offline and keeps the outbox", async () => {
    const { store, engine } = await setup(new OfflineError("fetch failed"));
    await queue(store, 2);
    assert.deepEqual(await engine.sync(), { kind: "offline" });
    assert.equal(await store.outboxCount(), 2);
    assert.deepEqual([engine.snapshot.online, engine.snapshot.syncing, engine.snapshot.pending], [false, false, 2]);
    store.close();
  });

  test("403 ends the sync as forbidden with the server's message", async () => {
    const { store, engine } = await setup(fail(403, "forbidden", "client_id belongs to another user"));
    assert.deepEqual(await engine.sync(), { kind: "forbidden", message: "client_id belongs to another user" });
    store.close();
  });

  test("426 asks for an upgrade and keeps the outbox", async () => {
    const { store, engine } = await setup(fail(426, "upgrade_required", "speaks 3", { versions: [3] }));
    await queue(store, 1);
    assert.deepEqual(await engine.sync(), { kind: "upgrade", message: "speaks 3" });
    assert.equal(await store.outboxCount(), 1);
    store.close();
  });

  test("426 from a server that speaks only protocol 1 is answered in 1, which echoes", async () => {
    const { store, engine, requests } = await setup(fail(426, "upgrade_required", "speaks 1", { versions: [1] }), applyAll());
    await queue(store, 1);
    assert.deepEqual(await engine.sync(), { kind: "ok" });
    assert.deepEqual(
      requests.map((r) => [r.protocol, seqsOf(r)]),
      [
        [3, [1]],
        [1, [1]],
      ],
    );
    assert.equal(await store.outboxCount(), 0);
    store.close();
  });

  test("a malformed 200 answer is an error that leaves the replica as it was", async () => {
    const { store, engine } = await setup(ok({ records: [record("r1", { name: "x" })], cursor: "c7" }), {
      status: 200,
      body: "<html>captive portal</html>",
    });
    await engine.sync();
    await queue(store, 1);
    const outcome = await engine.sync();
    assert.equal(outcome.kind, "error");
    assert.equal(outcome.kind === "error" && outcome.code, "client");
    assert.equal(await store.outboxCount(), 1);
    assert.equal((await store.meta()).cursor, "c7");
    assert.ok(await store.read("customers", "r1"));
    store.close();
  });

  test("500 is an error outcome, and a started engine schedules a retry", async () => {
    browserGlobals();
    const { store, engine } = await setup(fail(500, "internal", "boom"));
    engine.start();
    try {
      const outcome = await engine.sync();
      assert.deepEqual(outcome, { kind: "error", status: 500, code: "internal", message: "boom" });
      assert.equal(typeof engine.snapshot.retryAt, "number");
      assert.deepEqual(engine.snapshot.last, outcome);
    } finally {
      engine.stop();
      store.close();
    }
  });

  test("a Retry-After is passed on in the outcome", async () => {
    const { store, engine } = await setup({ ...fail(429, "rate_limited"), retryAfter: 30 });
    const outcome = await engine.sync();
    assert.deepEqual(outcome, { kind: "error", status: 429, code: "rate_limited", message: "", retryAfter: 30 });
    store.close();
  });

  test("an engine that was never started (or was stopped) schedules no retry", async () => {
    const { store, engine } = await setup(fail(503, "unavailable"));
    assert.equal((await engine.sync()).kind, "error");
    assert.equal(engine.snapshot.retryAt, null);
    store.close();
  });
});

describe("the snapshot", () => {
  test("recordAll queues the changes and notifies subscribers with the new pending count", async () => {
    const { store, engine, requests } = await setup();
    const seen: number[] = [];
    const unsubscribe = engine.subscribe(() => seen.push(engine.snapshot.pending));
    const entries = await engine.recordAll([
      { collection: "prospects", id: "p1", fields: { name: "王芳" } },
      { collection: "activities", id: "a1", fields: { kind: "prospect", prospect_id: "p1" } },
    ]);
    assert.deepEqual(
      entries.map((e) => e.seq),
      [1, 2],
    );
    assert.deepEqual(seen, [2]);
    await engine.record("prospects", "p2", { name: "张伟" });
    assert.deepEqual(seen, [2, 3]);
    unsubscribe();
    await engine.record("prospects", "p3", { name: "李雷" });
    assert.deepEqual(seen, [2, 3]);
    assert.equal(requests.length, 0); // not started: nothing is sent by itself
    store.close();
  });

  test("dataVersion goes up after an answer that pulled records, not after an empty one", async () => {
    const { store, engine } = await setup(ok({ records: [record("r1", { name: "x" })] }), ok());
    assert.equal(engine.snapshot.dataVersion, 0);
    await engine.sync();
    assert.equal(engine.snapshot.dataVersion, 1);
    await engine.sync();
    assert.equal(engine.snapshot.dataVersion, 1);
    store.close();
  });

  test("a successful sync leaves the snapshot online, idle, with the time of the exchange", async () => {
    const { store, engine } = await setup(ok());
    await engine.sync();
    const s = engine.snapshot;
    assert.deepEqual([s.online, s.syncing, s.pending, s.retryAt, s.last], [true, false, 0, null, { kind: "ok" }]);
    assert.equal(s.lastSyncAt, (await store.meta()).lastSyncAt);
    assert.notEqual(s.lastSyncAt, null);
    store.close();
  });

  test("a sync asked for while one runs waits for it instead of sending twice at once", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const store = await LocalStore.open(`engine-test-user-${++users}`);
    let requests = 0;
    const slow: Send = async () => {
      requests++;
      await gate;
      return ok();
    };
    const engine = new SyncEngine(store, slow);
    const first = engine.sync();
    const second = engine.sync();
    assert.equal(second, first);
    release();
    assert.deepEqual(await first, { kind: "ok" });
    // The second call asked for another round, which ran after the first.
    assert.equal(requests, 2);
    store.close();
  });
});

describe("a phone out of space", () => {
  test("a change that finds no room fails with StorageFullError, writes nothing, and says so until one is recorded", async () => {
    const { store, engine } = await setup();
    await engine.recordAll([{ collection: "customers", id: "c0", fields: { n: 0 } }]);
    const add = IDBObjectStore.prototype.add;
    IDBObjectStore.prototype.add = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore["add"]>) {
      if (this.name === "outbox") throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
      return add.apply(this, args);
    };
    try {
      await assert.rejects(engine.recordAll([{ collection: "customers", id: "c1", fields: { n: 1 } }]), StorageFullError);
    } finally {
      IDBObjectStore.prototype.add = add;
    }
    assert.ok(engine.snapshot.storageFullAt !== null, "the snapshot says the write failed for lack of space");
    assert.equal(await store.outboxCount(), 1, "the failed change left nothing behind");
    assert.equal((await store.meta()).nextSeq, 2, "nor took a seq");
    await engine.recordAll([{ collection: "customers", id: "c2", fields: { n: 2 } }]);
    assert.equal(engine.snapshot.storageFullAt, null, "a change recorded again clears it");
    assert.deepEqual((await store.outboxAll()).map((e) => e.seq), [1, 2]);
    engine.stop();
    store.close();
  });
});
