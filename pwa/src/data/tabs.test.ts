import "fake-indexeddb/auto";
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { LocalStore, SyncEngine, type DataChange, type HttpAnswer, type SyncRequest } from "../sync";
import { Records } from "./records";
import { changeOf, channelName, linkTabs, noticeOf } from "./tabs";

// Two tabs of one user: two connections to the same IndexedDB database
// (fake-indexeddb), each with its own engine and in-memory records, linked
// by Node's own BroadcastChannel, as the browser links two tabs.

/** Waits until cond() holds, failing after a deadline (messages arrive asynchronously). */
async function until(what: string, cond: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 2000; !cond(); await new Promise((r) => setTimeout(r, 5))) {
    if (Date.now() > deadline) assert.fail(`waiting for ${what}`);
  }
}

/**
 * A server answer that applies every change sent and pulls the given
 * records, and, as the server does, the records the request changed.
 */
function answer(pulled: { collection: string; id: string; fields: Record<string, unknown> }[] = []) {
  const stamped = (fields: Record<string, unknown>, hlc: string) => Object.fromEntries(Object.keys(fields).map((k) => [k, hlc]));
  return async (req: SyncRequest): Promise<HttpAnswer> => ({
    status: 200,
    body: {
      results: req.changes.map((c) => ({ seq: c.seq, status: "applied" })),
      records: [
        ...pulled.map((r) => ({ ...r, stamps: stamped(r.fields, `${Date.now()}-0000-server`) })),
        ...req.changes.map((c) => ({ collection: c.collection, id: c.id, fields: c.fields, stamps: stamped(c.fields, c.hlc) })),
      ],
      cursor: "c1",
      more: false,
      reset: false,
      server_time: Date.now(),
    },
  });
}

let users = 0;

/** Opens a tab of `user`: its store connection, engine, records and link; counts its reads of each collection. */
async function tab(user: string, send = answer()) {
  const store = await LocalStore.open(user);
  const reads = new Map<string, number>();
  const list = store.list.bind(store);
  store.list = (collection: string) => {
    reads.set(collection, (reads.get(collection) ?? 0) + 1);
    return list(collection);
  };
  // Backoff long enough that no retry fires while a test runs; no timers are started (no start()).
  const engine = new SyncEngine(store, send, { backoffMinMs: 60_000, backoffMaxMs: 60_000 });
  const records = new Records(engine);
  const unlink = linkTabs(engine);
  const close = () => {
    unlink(); // the engine was never started: nothing to stop
    records.close();
    store.close();
  };
  return { store, engine, records, reads, close };
}

/** Two tabs of one new user, each showing customers and activities, read once. */
async function twoTabs(sendA = answer()) {
  const user = `tabs-test-user-${++users}`;
  const a = await tab(user, sendA);
  const b = await tab(user);
  for (const t of [a, b]) {
    t.records.map("customers");
    t.records.map("activities");
    await until("the first reads", () => t.records.loaded("customers").value && t.records.loaded("activities").value);
  }
  return { user, a, b, close: () => (a.close(), b.close()) };
}

describe("two tabs of one user", () => {
  test("a write in one tab shows in the other at once, with no read of IndexedDB there", async () => {
    const { a, b, close } = await twoTabs();
    try {
      const readsBefore = new Map(b.reads);
      await a.records.put("activities", "v1", { kind: "visit", outcome: "见了面" });
      assert.equal(a.records.map("activities").value.get("v1")?.fields["outcome"], "见了面", "the writing tab shows it before save returns");
      await until("the visit in tab B", () => b.records.map("activities").value.has("v1"));
      const seen = b.records.map("activities").value.get("v1")!;
      assert.equal(seen.fields["outcome"], "见了面");
      assert.equal(seen.pending, true);
      assert.deepEqual(b.reads, readsBefore, "tab B laid the entry over its copy instead of reading the collection");
      await until("tab B counting the unsent change", () => b.engine.snapshot.pending === 1);
    } finally {
      close();
    }
  });

  test("an edit and a delete in one tab reach the other tab's copy of the record", async () => {
    const { a, b, close } = await twoTabs();
    try {
      await a.records.put("customers", "c1", { name: "王五", notes: "第一版" });
      await until("the file in tab B", () => b.records.map("customers").value.has("c1"));
      await a.records.put("customers", "c1", { notes: "第二版" });
      await until("the edit in tab B", () => b.records.map("customers").value.get("c1")?.fields["notes"] === "第二版");
      assert.equal(b.records.map("customers").value.get("c1")?.fields["name"], "王五", "fields not edited stay");
      await a.records.put("customers", "c1", { _deleted: true });
      await until("the delete in tab B", () => !b.records.map("customers").value.has("c1"));
    } finally {
      close();
    }
  });

  test("a sync in one tab makes the other read again only the collections it changed", async () => {
    const pulled = [{ collection: "customers", id: "c9", fields: { name: "另一台手机建的" } }];
    const { a, b, close } = await twoTabs(answer(pulled));
    try {
      const before = { customers: b.reads.get("customers") ?? 0, activities: b.reads.get("activities") ?? 0 };
      const version = b.engine.snapshot.dataVersion;
      assert.deepEqual(await a.engine.sync(), { kind: "ok" });
      await until("the pulled file in tab B", () => b.records.map("customers").value.has("c9"));
      assert.equal(b.reads.get("customers"), before.customers + 1, "customers read again once");
      assert.equal(b.reads.get("activities") ?? 0, before.activities, "activities were not changed: not read again");
      assert.ok(b.engine.snapshot.dataVersion > version, "tab B's screens that follow the data version hear of new data");
    } finally {
      close();
    }
  });

  test("a change sent by one tab's sync stops being pending in the other tab", async () => {
    const { a, b, close } = await twoTabs();
    try {
      await b.records.put("activities", "v2", { kind: "call" });
      await until("the call in tab A", () => a.records.map("activities").value.get("v2")?.pending === true);
      // Tab A syncs, and sends tab B's change from the shared outbox.
      assert.deepEqual(await a.engine.sync(), { kind: "ok" });
      await until("tab B's copy no longer pending", () => b.records.map("activities").value.get("v2")?.pending === false);
      await until("tab B counting nothing unsent", () => b.engine.snapshot.pending === 0);
    } finally {
      close();
    }
  });

  test("each change is posted once, by the tab that made it, and never echoed", async () => {
    const { user, a, b, close } = await twoTabs();
    const heard: unknown[] = [];
    const listener = new BroadcastChannel(channelName(a.store.name));
    listener.onmessage = (e: MessageEvent) => heard.push(e.data);
    const own: DataChange[] = [];
    const stop = a.engine.onData((c) => own.push(c));
    try {
      await a.records.put("customers", "c1", { name: "甲" });
      await until("tab B's copy", () => b.records.map("customers").value.has("c1"));
      await until("tab B's counts", () => b.engine.snapshot.pending === 1);
      await new Promise((r) => setTimeout(r, 50)); // time for an echo, if there were one
      assert.equal(heard.length, 1, `one message on the channel, got ${JSON.stringify(heard)}`);
      assert.deepEqual(
        own.map((c) => c.kind),
        ["written"],
        "tab A heard nothing back",
      );
      assert.equal(channelName(a.store.name), `fieldbook-${user}-tabs`);
    } finally {
      stop();
      listener.close();
      close();
    }
  });

  test("a tab of another user hears nothing", async () => {
    const { a, close } = await twoTabs();
    const other = await tab(`tabs-test-user-${++users}`);
    try {
      other.records.map("customers");
      await until("the other user's first read", () => other.records.loaded("customers").value);
      await a.records.put("customers", "c1", { name: "甲" });
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(other.records.map("customers").value.size, 0);
      assert.equal(other.engine.snapshot.pending, 0);
    } finally {
      other.close();
      close();
    }
  });
});

describe("messages between tabs", () => {
  test("a change survives the trip", () => {
    const changes: DataChange[] = [
      { kind: "written", entries: [{ seq: 3, collection: "activities", id: "v1", hlc: "1764312345678-0000-n", fields: { kind: "visit" }, createdAt: 1 }] },
      { kind: "collections", collections: ["customers", "day_logs"] },
      { kind: "all" },
      { kind: "status" },
    ];
    for (const c of changes) {
      const trip = changeOf(structuredClone(noticeOf({ ...c, elsewhere: false })));
      assert.deepEqual(trip, { ...c, elsewhere: true });
    }
  });

  test("a message this version cannot read means: read everything again", () => {
    const unreadable: unknown[] = [
      null,
      "written",
      { v: 2, change: { kind: "status" } },
      { v: 1 },
      { v: 1, change: { kind: "written", entries: [{ collection: "activities" }] } },
      { v: 1, change: { kind: "collections", collections: [1] } },
      { v: 1, change: { kind: "renamed" } },
    ];
    for (const m of unreadable) assert.deepEqual(changeOf(m), { kind: "all", elsewhere: true }, JSON.stringify(m));
  });
});
