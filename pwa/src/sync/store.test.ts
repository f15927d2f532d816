import "fake-indexeddb/auto";
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { compareStamps, formatStamp, parseStamp } from "./hlc";
import type { PulledRecord, SyncResponse } from "./protocol";
import { LocalStore, type OutboxEntry } from "./store";

const T0 = 1_764_312_345_678;
const OTHER = "phone-2";

/** A stamp at `wall` by `node`. */
const st = (wall: number, node: string, counter = 0) => formatStamp({ wall, counter, node });

/** A clock whose time the test sets. */
function fakeNow(start = T0) {
  let t = start;
  return { now: () => t, set: (v: number) => void (t = v) };
}

// Every test gets its own database: one per user id.
let users = 0;
function openStore(now: () => number = fakeNow().now): Promise<LocalStore> {
  users++;
  return LocalStore.open(`store-test-user-${users}`, now);
}

/** A 200 answer with nothing in it unless given. */
function answer(p: Partial<SyncResponse> = {}): SyncResponse {
  return { results: [], records: [], cursor: "c1", more: false, reset: false, server_time: T0, ...p };
}

function record(id: string, fields: Record<string, unknown>, stamps: Record<string, string>, collection = "customers"): PulledRecord {
  return { collection, id, fields, stamps };
}

/** Stores pulled records as an answer to a pure pull would. */
async function pull(store: LocalStore, ...records: PulledRecord[]): Promise<void> {
  await store.applyResponse([], answer({ records }), T0);
}

const seqs = (entries: readonly OutboxEntry[]) => entries.map((e) => e.seq);

describe("opening", () => {
  test("a new replica has a client id, seq 1, no cursor and no sync yet", async () => {
    const store = await openStore();
    const meta = await store.meta();
    assert.match(meta.clientId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.deepEqual([meta.nextSeq, meta.cursor, meta.lastSyncAt], [1, "", null]);
    assert.equal(await store.outboxCount(), 0);
    store.close();
  });

  test("opening the same user again keeps the client id and the outbox", async () => {
    const first = await openStore();
    const { clientId } = await first.meta();
    await first.addChange("customers", "r1", { name: "李雷" });
    first.close();
    const again = await LocalStore.open(`store-test-user-${users}`);
    assert.equal((await again.meta()).clientId, clientId);
    assert.equal(await again.outboxCount(), 1);
    again.close();
  });
});

describe("queueing changes", () => {
  test("addChange and addChanges take consecutive seqs and increasing stamps and count the outbox", async () => {
    const store = await openStore(); // the clock stands still: only the counter moves
    const { clientId } = await store.meta();
    const one = await store.addChange("prospects", "p1", { name: "王芳" });
    const { entries, pending } = await store.addChanges([
      { collection: "prospects", id: "p2", fields: { name: "张伟" } },
      { collection: "activities", id: "a1", fields: { kind: "prospect", prospect_id: "p2" } },
      { collection: "activities", id: "a2", fields: { kind: "call" } },
    ]);
    const all = [one, ...entries];
    assert.deepEqual(seqs(all), [1, 2, 3, 4]);
    assert.equal(pending, 4);
    for (let i = 1; i < all.length; i++) assert.ok(compareStamps(all[i]!.hlc, all[i - 1]!.hlc) > 0, all[i]!.hlc);
    for (const e of all) {
      assert.equal(parseStamp(e.hlc)?.node, clientId);
      assert.equal(parseStamp(e.hlc)?.wall, T0);
    }
    assert.equal((await store.meta()).nextSeq, 5);
    assert.deepEqual(await store.outboxBatch(10), all);
    store.close();
  });

  test("outboxBatch returns the oldest changes in seq order, at most limit", async () => {
    const store = await openStore();
    const { entries } = await store.addChanges(["a", "b", "c", "d", "e"].map((id) => ({ collection: "customers", id, fields: { n: id } })));
    assert.deepEqual(seqs(await store.outboxBatch(3)), [1, 2, 3]);
    await store.applyResponse(entries.slice(0, 2), answer({ results: [{ seq: 1, status: "applied" }, { seq: 2, status: "applied" }] }), T0);
    assert.deepEqual(seqs(await store.outboxBatch(10)), [3, 4, 5]);
    store.close();
  });
});

describe("reading", () => {
  test("unsent changes are laid over the pulled record field by field", async () => {
    const store = await openStore();
    await pull(store, record("r1", { name: "李雷", phone: "123" }, { name: st(T0 - 9000, OTHER), phone: st(T0 - 9000, OTHER) }));
    const e = await store.addChange("customers", "r1", { name: "李磊" });
    const got = await store.read("customers", "r1");
    assert.deepEqual(got, {
      collection: "customers",
      id: "r1",
      fields: { name: "李磊", phone: "123" },
      stamps: { name: e.hlc, phone: st(T0 - 9000, OTHER) },
      pending: true,
    });
    store.close();
  });

  test("a pulled field with a newer stamp than an unsent change shows through", async () => {
    const store = await openStore();
    await store.addChange("customers", "r1", { name: "mine", notes: "mine" });
    await pull(store, record("r1", { name: "theirs" }, { name: st(T0 + 1000, OTHER) }));
    const got = await store.read("customers", "r1");
    assert.deepEqual(got?.fields, { name: "theirs", notes: "mine" });
    assert.equal(got?.pending, true);
    store.close();
  });

  test("read returns null for an unknown record and a pulled record without changes as not pending", async () => {
    const store = await openStore();
    await pull(store, record("r1", { name: "x" }, { name: st(T0, OTHER) }));
    assert.equal(await store.read("customers", "nope"), null);
    assert.equal(await store.read("prospects", "r1"), null);
    assert.equal((await store.read("customers", "r1"))?.pending, false);
    store.close();
  });

  test("list shows one collection sorted by id, with records only in the outbox, and leaves out deleted ones", async () => {
    const store = await openStore();
    await pull(
      store,
      record("b", { name: "pulled" }, { name: st(T0 - 5, OTHER) }),
      record("d", { name: "gone", _deleted: true }, { name: st(T0 - 5, OTHER), _deleted: st(T0 - 5, OTHER) }),
      record("e", { name: "deleted here" }, { name: st(T0 - 5, OTHER) }),
      record("z", { name: "other collection" }, { name: st(T0 - 5, OTHER) }, "prospects"),
    );
    await store.addChange("customers", "a", { name: "new" });
    await store.addChange("customers", "b", { phone: "9" });
    await store.addChange("customers", "e", { _deleted: true });
    await store.addChange("activities", "c", { kind: "call" });
    const got = await store.list("customers");
    assert.deepEqual(
      got.map((r) => [r.id, r.fields, r.pending]),
      [
        ["a", { name: "new" }, true],
        ["b", { name: "pulled", phone: "9" }, true],
      ],
    );
    // read() still finds a deleted record: the caller sees `_deleted`.
    assert.equal((await store.read("customers", "e"))?.fields["_deleted"], true);
    store.close();
  });

  test("countsByCollection counts pulled records and records only in the outbox once each", async () => {
    const store = await openStore();
    await pull(store, record("a", { n: 1 }, { n: st(T0, OTHER) }), record("b", { n: 1 }, { n: st(T0, OTHER) }, "prospects"));
    await store.addChange("customers", "a", { n: 2 });
    await store.addChange("customers", "c", { n: 2 });
    assert.deepEqual(await store.countsByCollection(), [
      ["customers", 2],
      ["prospects", 1],
    ]);
    store.close();
  });
});

describe("applying an answer", () => {
  test("applied and duplicate changes leave the outbox; rejected ones move to the rejected list with their reason", async () => {
    const store = await openStore();
    const { entries } = await store.addChanges(["a", "b", "c", "d"].map((id) => ({ collection: "customers", id, fields: { n: id } })));
    const out = await store.applyResponse(
      entries.slice(0, 3),
      answer({
        results: [
          { seq: 1, status: "applied" },
          { seq: 2, status: "duplicate" },
          { seq: 3, status: "rejected", code: "forbidden", message: "not yours" },
        ],
      }),
      T0 + 42,
    );
    assert.deepEqual(out, { applied: 2, rejected: 1, restamped: 0, unanswered: 0, pulled: 0, reset: null, requeued: 0, lost: 0 });
    assert.deepEqual(seqs(await store.outboxBatch(10)), [4]);
    const e3 = entries[2]!;
    assert.deepEqual(await store.rejected(), [
      {
        key: 1,
        change: { seq: 3, collection: "customers", id: "c", hlc: e3.hlc, fields: { n: "c" } },
        code: "forbidden",
        message: "not yours",
        rejectedAt: T0 + 42,
      },
    ]);
    store.close();
  });

  test("results for changes the request did not send are ignored and unanswered ones stay", async () => {
    const store = await openStore();
    const { entries } = await store.addChanges(["a", "b"].map((id) => ({ collection: "customers", id, fields: { n: id } })));
    const out = await store.applyResponse(
      entries.slice(0, 1),
      answer({ results: [{ seq: 2, status: "applied" }, { seq: 99, status: "rejected", code: "invalid" }] }),
      T0,
    );
    assert.equal(out.applied + out.rejected, 0);
    assert.equal(out.unanswered, 1);
    assert.deepEqual(seqs(await store.outboxBatch(10)), [1, 2]);
    assert.deepEqual(await store.rejected(), []);
    store.close();
  });

  test("a result for a seq that another change took since (a renumbering) is ignored", async () => {
    const store = await openStore();
    // Two changes of one record: only their stamps tell them apart.
    const a = await store.addChange("customers", "a", { n: 1 });
    const b = await store.addChange("customers", "a", { n: 2 });
    await store.applyResponse([a], answer({ results: [{ seq: 1, status: "applied" }] }), T0);
    assert.equal(await store.renumberFrom(1), true); // b now has seq 1
    // The answer to an earlier attempt at sending a arrives late.
    const out = await store.applyResponse([a], answer({ results: [{ seq: 1, status: "rejected", code: "invalid" }] }), T0);
    assert.equal(out.rejected, 0);
    const [left] = await store.outboxBatch(10);
    assert.deepEqual([left?.seq, left?.hlc, left?.fields], [1, b.hlc, { n: 2 }]);
    assert.deepEqual(await store.rejected(), []);
    store.close();
  });

  test("pulled records merge field by field: an older stamp never overwrites a newer one", async () => {
    const store = await openStore();
    await pull(store, record("r1", { a: "old", b: "new" }, { a: st(T0 - 100, OTHER), b: st(T0 - 10, OTHER) }));
    const out = await store.applyResponse(
      [],
      answer({ records: [record("r1", { a: "newer", b: "older", c: "added" }, { a: st(T0 - 50, "server"), b: st(T0 - 90, "server"), c: st(T0 - 90, "server") })] }),
      T0,
    );
    assert.equal(out.pulled, 1);
    const got = await store.read("customers", "r1");
    assert.deepEqual(got?.fields, { a: "newer", b: "new", c: "added" });
    assert.deepEqual(got?.stamps, { a: st(T0 - 50, "server"), b: st(T0 - 10, OTHER), c: st(T0 - 90, "server") });
    store.close();
  });

  test("a record twice in one page (an echo and a pull) merges both, the second into the first, as one after the other", async () => {
    const store = await openStore();
    await pull(store, record("r1", { a: "stored", b: "stored" }, { a: st(T0 - 100, OTHER), b: st(T0 - 100, OTHER) }));
    const out = await store.applyResponse(
      [],
      answer({
        records: [
          record("r1", { a: "echo" }, { a: st(T0 - 50, OTHER) }),
          record("r2", { a: "other" }, { a: st(T0 - 50, OTHER) }),
          record("r1", { a: "older", b: "pulled" }, { a: st(T0 - 60, "server"), b: st(T0 - 40, "server") }),
        ],
      }),
      T0,
    );
    assert.equal(out.pulled, 3);
    assert.deepEqual((await store.read("customers", "r1"))?.fields, { a: "echo", b: "pulled" });
    assert.deepEqual((await store.read("customers", "r2"))?.fields, { a: "other" });
    // A deletion then a later field in the same page: the second merges into
    // what the deletion left (nothing but _deleted), as it would a page later.
    const del = st(T0 - 30, "server");
    await store.applyResponse(
      [],
      answer({
        records: [
          record("r1", { _deleted: true, a: null, b: null }, { _deleted: del, a: del, b: del }),
          record("r1", { _deleted: false, c: "after" }, { _deleted: st(T0 - 20, "server"), c: st(T0 - 20, "server") }),
        ],
      }),
      T0,
    );
    assert.deepEqual((await store.read("customers", "r1"))?.fields, { _deleted: false, c: "after" });
    store.close();
  });

  test("a pulled deletion drops the record's data from IndexedDB: an erased person leaves nothing behind", async () => {
    const store = await openStore();
    await pull(
      store,
      record("c1", { name: "李雷", phone: "138 0013 8000", children: [{ name: "小明", age: 6 }] }, {
        name: st(T0 - 50, OTHER),
        phone: st(T0 - 50, OTHER),
        children: st(T0 - 50, OTHER),
      }),
      record("p1", { name: "韩梅梅", phone: "139" }, { name: st(T0 - 50, OTHER), phone: st(T0 - 50, OTHER) }, "prospects"),
      record("a1", { kind: "visit", outcome: "见了面" }, { kind: st(T0 - 50, OTHER), outcome: st(T0 - 50, OTHER) }, "activities"),
    );
    // The server erased both people: every field but _deleted comes as null,
    // stamped by the server above everything the records held.
    const erasure = st(T0 - 10, "server");
    await pull(
      store,
      record("c1", { _deleted: true, name: null, phone: null, children: null }, { _deleted: erasure, name: erasure, phone: erasure, children: erasure }),
      record("p1", { _deleted: true, name: null, phone: null }, { _deleted: erasure, name: erasure, phone: erasure }, "prospects"),
    );
    // What IndexedDB holds, read past the store's own API.
    const raw = await new Promise<unknown[]>((ok, fail) => {
      const req = indexedDB.open(store.name);
      req.onerror = () => fail(req.error);
      req.onsuccess = () => {
        const db = req.result;
        const all = db.transaction("records").objectStore("records").getAll();
        all.onsuccess = () => {
          ok(all.result as unknown[]);
          db.close();
        };
        all.onerror = () => fail(all.error);
      };
    });
    const text = JSON.stringify(raw);
    for (const gone of ["李雷", "138 0013 8000", "小明", "韩梅梅", "139"]) assert.ok(!text.includes(gone), `IndexedDB still holds ${gone}: ${text}`);
    assert.deepEqual(await store.read("customers", "c1"), {
      collection: "customers",
      id: "c1",
      fields: { _deleted: true },
      stamps: { _deleted: erasure },
      pending: false,
    });
    assert.deepEqual(await store.list("customers"), []);
    assert.equal((await store.read("activities", "a1"))?.fields["outcome"], "见了面", "other records are untouched");

    // A deletion whose values the server kept (one not erased) is dropped here all the same.
    await pull(store, record("a1", { _deleted: true }, { _deleted: erasure }, "activities"));
    assert.deepEqual((await store.read("activities", "a1"))?.fields, { _deleted: true });
    store.close();
  });

  test("the cursor and the time of the exchange are stored with the page", async () => {
    const store = await openStore();
    await store.applyResponse([], answer({ cursor: "page-7" }), T0 + 1234);
    const meta = await store.meta();
    assert.deepEqual([meta.cursor, meta.lastSyncAt], ["page-7", T0 + 1234]);
    store.close();
  });

  test("the clock observes pulled stamps: the next local stamp is above them", async () => {
    const store = await openStore(); // this device's clock reads T0
    const ahead = st(T0 + 60_000, OTHER, 7);
    await pull(store, record("r1", { name: "theirs" }, { name: ahead }));
    const e = await store.addChange("customers", "r1", { name: "mine" });
    assert.ok(compareStamps(e.hlc, ahead) > 0, `${e.hlc} <= ${ahead}`);
    assert.equal((await store.read("customers", "r1"))?.fields["name"], "mine");
    store.close();
  });
});

describe("resets", () => {
  for (const reason of ["scope", "cursor"] as const) {
    test(`a ${reason} reset clears the pulled records and the cursor but keeps the outbox`, async () => {
      const store = await openStore();
      await pull(store, record("r1", { name: "x" }, { name: st(T0, OTHER) }));
      await store.addChange("customers", "r2", { name: "unsent" });
      const out = await store.applyResponse(
        [],
        answer({ reset: true, reset_reason: reason, cursor: "ignored", records: [record("r3", { name: "dropped" }, { name: st(T0, OTHER) })] }),
        T0,
      );
      assert.equal(out.reset, reason);
      assert.equal(out.requeued, 0);
      assert.equal((await store.meta()).cursor, "");
      assert.equal(await store.read("customers", "r1"), null);
      assert.equal(await store.read("customers", "r3"), null);
      assert.deepEqual(
        (await store.list("customers")).map((r) => r.id),
        ["r2"],
      );
      assert.equal(await store.outboxCount(), 1);
      store.close();
    });
  }

  test("a reset without a reason counts as a cursor reset", async () => {
    const store = await openStore();
    const out = await store.applyResponse([], answer({ reset: true }), T0);
    assert.equal(out.reset, "cursor");
    store.close();
  });

  test("a restored reset queues again every field this client wrote, with its stamps, before clearing", async () => {
    const store = await openStore();
    const { clientId } = await store.meta();
    const mine = st(T0 - 5000, clientId);
    await pull(
      store,
      record("r1", { name: "mine", voided: true }, { name: mine, voided: st(T0 - 4000, OTHER) }),
      record("r2", { total: 3 }, { total: st(T0 - 4000, "server") }, "scores"),
    );
    const unsent = await store.addChange("customers", "r9", { name: "unsent" });
    const out = await store.applyResponse([], answer({ reset: true, reset_reason: "restored" }), T0 + 7);
    assert.deepEqual([out.reset, out.requeued], ["restored", 1]);
    assert.deepEqual(await store.outboxBatch(10), [
      unsent,
      { seq: 2, collection: "customers", id: "r1", hlc: mine, fields: { name: "mine" }, createdAt: T0 + 7 },
    ]);
    assert.equal((await store.meta()).nextSeq, 3);
    assert.equal((await store.meta()).cursor, "");
    assert.equal(await store.read("scores", "r2"), null);
    // What the app shows of r1 now comes from the outbox only.
    assert.deepEqual((await store.read("customers", "r1"))?.fields, { name: "mine" });
    store.close();
  });
});

describe("clock_skew", () => {
  test("a clock_skew rejection queues the change again once, stamped from the server's time", async () => {
    const clock = fakeNow(T0 + 3_600_000); // this device is an hour ahead
    const store = await openStore(clock.now);
    const e = await store.addChange("activities", "a1", { kind: "visit" });
    const out = await store.applyResponse(
      [e],
      answer({ results: [{ seq: 1, status: "rejected", code: "clock_skew", message: "ahead" }], server_time: T0 }),
      T0 + 3_600_000,
    );
    assert.deepEqual([out.restamped, out.rejected, out.applied], [1, 0, 0]);
    assert.deepEqual(await store.rejected(), []);
    const [again] = await store.outboxBatch(10);
    assert.ok(again);
    assert.deepEqual([again.seq, again.restamped, again.fields], [2, true, { kind: "visit" }]);
    assert.equal(parseStamp(again.hlc)?.wall, T0);
    assert.equal((await store.meta()).nextSeq, 3);
    // The clock stays corrected for the changes that follow.
    assert.equal(parseStamp((await store.addChange("activities", "a2", { kind: "call" })).hlc)?.wall, T0);
    store.close();
  });

  test("the corrected stamp stays above the stamps already seen from others", async () => {
    const clock = fakeNow(T0 + 3_600_000);
    const store = await openStore(clock.now);
    const seen = st(T0 + 1000, OTHER, 3);
    await pull(store, record("r1", { name: "x" }, { name: seen }));
    const e = await store.addChange("customers", "r1", { name: "y" });
    await store.applyResponse([e], answer({ results: [{ seq: 1, status: "rejected", code: "clock_skew" }], server_time: T0 }), T0 + 3_600_000);
    const [again] = await store.outboxBatch(1);
    assert.ok(again && compareStamps(again.hlc, seen) > 0, `${again?.hlc} <= ${seen}`);
    assert.ok(compareStamps(again.hlc, e.hlc) < 0);
    store.close();
  });

  test("a second clock_skew for a restamped change is a real rejection", async () => {
    const store = await openStore(fakeNow(T0 + 3_600_000).now);
    const e = await store.addChange("activities", "a1", { kind: "visit" });
    await store.applyResponse([e], answer({ results: [{ seq: 1, status: "rejected", code: "clock_skew" }], server_time: T0 }), T0 + 3_600_000);
    const again = await store.outboxBatch(10);
    const out = await store.applyResponse(
      again,
      answer({ results: [{ seq: 2, status: "rejected", code: "clock_skew", message: "still ahead" }], server_time: T0 }),
      T0 + 3_600_000,
    );
    assert.deepEqual([out.restamped, out.rejected], [0, 1]);
    assert.equal(await store.outboxCount(), 0);
    const rejected = await store.rejected();
    assert.deepEqual(
      rejected.map((r) => [r.change.seq, r.code, r.message]),
      [[2, "clock_skew", "still ahead"]],
    );
    store.close();
  });
});

describe("seq_gap, local rejections and the rejected list", () => {
  test("renumberFrom gives the unsent changes the numbers after the server's last_seq, in order", async () => {
    const store = await openStore();
    const { entries } = await store.addChanges(["a", "b", "c", "d", "e"].map((id) => ({ collection: "customers", id, fields: { n: id } })));
    await store.applyResponse(entries.slice(0, 2), answer({ results: [{ seq: 1, status: "applied" }, { seq: 2, status: "applied" }] }), T0);
    assert.equal(await store.renumberFrom(1), true);
    const after = await store.outboxBatch(10);
    assert.deepEqual(
      after.map((e) => [e.seq, e.id, e.hlc]),
      entries.slice(2).map((e, i) => [1 + i, e.id, e.hlc]),
    );
    assert.equal((await store.meta()).nextSeq, 4);
    assert.equal((await store.addChange("customers", "f", {})).seq, 4);
    store.close();
  });

  test("renumberFrom does nothing when the outbox already starts at or before that number, or is empty", async () => {
    const store = await openStore();
    assert.equal(await store.renumberFrom(1), false);
    await store.addChanges([{ collection: "customers", id: "a", fields: {} }, { collection: "customers", id: "b", fields: {} }]);
    assert.equal(await store.renumberFrom(1), false);
    assert.equal(await store.renumberFrom(2), false);
    assert.deepEqual(seqs(await store.outboxBatch(10)), [1, 2]);
    assert.equal((await store.meta()).nextSeq, 3);
    store.close();
  });

  test("rejectLocally moves an unsent change to the rejected list; an unknown seq is a no-op", async () => {
    const clock = fakeNow();
    const store = await openStore(clock.now);
    const e = await store.addChange("customers", "a", { notes: "x".repeat(10) });
    clock.set(T0 + 5);
    await store.rejectLocally(1, "too_large", "too big to send");
    await store.rejectLocally(42, "too_large", "nothing there");
    assert.equal(await store.outboxCount(), 0);
    assert.deepEqual(await store.rejected(), [
      {
        key: 1,
        change: { seq: 1, collection: "customers", id: "a", hlc: e.hlc, fields: e.fields },
        code: "too_large",
        message: "too big to send",
        rejectedAt: T0 + 5,
      },
    ]);
    store.close();
  });

  test("resendRejected with fixed fields queues them under a new seq and a newer stamp", async () => {
    const store = await openStore();
    const e = await store.addChange("customers", "a", { age: 300 });
    await store.applyResponse([e], answer({ results: [{ seq: 1, status: "rejected", code: "invalid", message: "age" }] }), T0);
    const [r] = await store.rejected();
    const again = await store.resendRejected(r!.key!, { age: 30 });
    assert.ok(again);
    assert.deepEqual([again.seq, again.collection, again.id, again.fields], [2, "customers", "a", { age: 30 }]);
    assert.ok(compareStamps(again.hlc, e.hlc) > 0);
    assert.deepEqual(await store.rejected(), []);
    assert.deepEqual(await store.outboxBatch(10), [again]);
    store.close();
  });

  test("resendRejected without fields sends the change as it was; an unknown key gives null", async () => {
    const store = await openStore();
    await store.addChange("customers", "a", { name: "x" });
    await store.rejectLocally(1, "too_large", "");
    const again = await store.resendRejected(1);
    assert.deepEqual(again?.fields, { name: "x" });
    assert.equal(await store.resendRejected(1), null);
    assert.equal(await store.outboxCount(), 1);
    store.close();
  });

  test("discardRejected forgets one rejected change", async () => {
    const store = await openStore();
    await store.addChanges([{ collection: "customers", id: "a", fields: {} }, { collection: "customers", id: "b", fields: {} }]);
    await store.rejectLocally(1, "too_large", "");
    await store.rejectLocally(2, "too_large", "");
    await store.discardRejected(1);
    assert.deepEqual(
      (await store.rejected()).map((r) => [r.key, r.change.id]),
      [[2, "b"]],
    );
    store.close();
  });
});

describe("atomicity", () => {
  // An exception thrown between two requests of a readwrite transaction
  // does not abort it by itself: IndexedDB commits once no request is
  // pending, keeping the half already done. The store aborts instead.
  test("addChanges queues all the changes or none", async () => {
    const store = await openStore();
    await assert.rejects(
      store.addChanges([
        { collection: "prospects", id: "p1", fields: { name: "王芳" } },
        { collection: "activities", id: "a1", fields: { kind: "prospect", bad: () => 0 } },
      ]),
    );
    assert.equal(await store.outboxCount(), 0);
    assert.equal((await store.meta()).nextSeq, 1);
    store.close();
  });

  // resendRejected deletes the rejected change before queueing it: when
  // queueing throws, the deletion must not be committed.
  test("a resend that fails keeps the rejected change", async () => {
    const store = await openStore();
    await store.addChange("customers", "a", { age: 300 });
    await store.rejectLocally(1, "invalid", "age");
    await assert.rejects(store.resendRejected(1, { age: 30, bad: () => 0 }));
    assert.deepEqual(
      (await store.rejected()).map((r) => r.change.fields),
      [{ age: 300 }],
    );
    assert.equal(await store.outboxCount(), 0);
    store.close();
  });

  // A clock_skew result deletes the change from the outbox before it is
  // stamped again: when stamping throws (a server_time no stamp can hold,
  // here in microseconds), the change must stay in the outbox.
  test("an answer that fails half-way loses no change", async () => {
    const store = await openStore(fakeNow(T0 + 3_600_000).now);
    const e = await store.addChange("activities", "a1", { kind: "visit" });
    await assert.rejects(
      store.applyResponse([e], answer({ results: [{ seq: 1, status: "rejected", code: "clock_skew" }], server_time: T0 * 1000 }), T0 + 3_600_000),
      RangeError,
    );
    assert.deepEqual(await store.outboxBatch(10), [e]);
    assert.deepEqual(await store.rejected(), []);
    store.close();
  });
});

describe("lost edits", () => {
  test("a field this phone sent and the server applied, then overwritten from another device, is kept as lost once", async () => {
    const store = await openStore();
    const { clientId } = await store.meta();
    await pull(store, record("c1", { name: "王芳", notes: "旧" }, { name: st(T0 - 10, OTHER), notes: st(T0 - 10, OTHER) }));
    const mine = await store.addChange("customers", "c1", { notes: "喜欢喝茶" });
    // The server applies it and the same answer already pulls a newer write from the other phone.
    const out = await store.applyResponse(
      [mine],
      answer({
        results: [{ seq: mine.seq, status: "applied" }],
        records: [record("c1", { name: "王芳", notes: "不喝茶" }, { name: st(T0 - 10, OTHER), notes: st(T0 + 50, OTHER) })],
      }),
      T0,
    );
    assert.equal(out.lost, 1);
    const lost = await store.lostEdits("customers", "c1");
    assert.deepEqual(
      lost.map((l) => [l.field, l.value, l.now, l.stamp, l.at]),
      [["notes", "喜欢喝茶", "不喝茶", mine.hlc, T0 + 50]],
    );
    assert.equal(parseStamp(lost[0]!.stamp)?.node, clientId);
    // Pulled again (the same record, a later page): nothing new is lost.
    await pull(store, record("c1", { name: "王芳", notes: "不喝茶" }, { name: st(T0 - 10, OTHER), notes: st(T0 + 50, OTHER) }));
    assert.equal((await store.lostEdits("customers", "c1")).length, 1);
    await store.forgetLost("customers", "c1", "notes");
    assert.deepEqual(await store.lostEdits("customers", "c1"), []);
    store.close();
  });

  test("an edit pulled back as this phone's and overwritten at a later sync is lost; one still unsent is not", async () => {
    const store = await openStore();
    const mine = await store.addChange("prospects", "p1", { name: "赵先生", phone: "139" });
    await store.applyResponse(
      [mine],
      answer({ results: [{ seq: mine.seq, status: "applied" }], records: [record("p1", { name: "赵先生", phone: "139" }, { name: mine.hlc, phone: mine.hlc }, "prospects")] }),
      T0,
    );
    assert.deepEqual(await store.lostEdits("prospects", "p1"), [], "nothing lost while the server holds ours");
    await store.addChange("prospects", "p1", { name: "赵总" }); // unsent, and older than the other phone's write
    await pull(store, record("p1", { name: "赵先生二", phone: "138" }, { name: st(T0 + 99_000, OTHER), phone: st(T0 + 99_000, OTHER) }, "prospects"));
    assert.deepEqual(
      (await store.lostEdits("prospects", "p1")).map((l) => [l.field, l.value, l.now]),
      [["phone", "139", "138"]],
      "the phone is lost; the name has a newer value waiting in the outbox",
    );
    store.close();
  });
});

describe("lost edits and erasure", () => {
  test("a lost edit is forgotten when its record is deleted, when the server erases the field, and on a reset", async () => {
    const store = await openStore();
    let later = T0;
    const lose = async (id: string) => {
      const mine = await store.addChange("customers", id, { notes: "电话 139" });
      later += 1_000_000; // after every stamp the clock has seen
      await store.applyResponse(
        [mine],
        answer({ results: [{ seq: mine.seq, status: "applied" }], records: [record(id, { name: "王芳", notes: "别的" }, { name: st(T0, OTHER), notes: st(later, OTHER) })] }),
        T0,
      );
      assert.equal((await store.lostEdits("customers", id)).length, 1);
    };
    await lose("c1");
    await pull(store, record("c1", { _deleted: true, name: null, notes: null }, { _deleted: st(later + 1, OTHER), name: st(later + 1, "server"), notes: st(later + 1, "server") }));
    assert.deepEqual(await store.lostEdits("customers", "c1"), [], "deleted");
    await lose("c2");
    await pull(store, record("c2", { name: "王芳", notes: null }, { name: st(T0, OTHER), notes: st(later + 1, "server") }));
    assert.deepEqual(await store.lostEdits("customers", "c2"), [], "erased by the server");
    await lose("c3");
    await store.applyResponse([], answer({ reset: true, reset_reason: "scope", cursor: "" }), T0);
    assert.deepEqual(await store.lostEdits("customers", "c3"), [], "reset");
    store.close();
  });
});
