import "fake-indexeddb/auto";
import assert from "node:assert/strict";
import { test } from "node:test";
import { effect } from "@preact/signals";
import { LocalStore, SyncEngine, type HttpAnswer } from "../sync";
import { Records } from "./records";

// The in-memory collections over a real (fake-indexeddb) store: what the
// screens draw from, and how often they are told to draw.

let users = 0;

async function open() {
  const store = await LocalStore.open(`records-test-user-${++users}`);
  const send = async (): Promise<HttpAnswer> => ({ status: 503, body: null });
  const engine = new SyncEngine(store, send, { backoffMinMs: 60_000, backoffMaxMs: 60_000 });
  const records = new Records(engine);
  return { store, engine, records, close: () => (records.close(), store.close()) };
}

async function until(what: string, cond: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 2000; !cond(); await new Promise((r) => setTimeout(r, 5))) {
    if (Date.now() > deadline) assert.fail(`waiting for ${what}`);
  }
}

test("collections asked for together are shown together: one change for the screen, not one per collection", async () => {
  const { store, records, close } = await open();
  try {
    await store.addChanges([
      { collection: "customers", id: "c1", fields: { name: "王五" } },
      { collection: "activities", id: "a1", fields: { kind: "visit" } },
      { collection: "day_logs", id: "d1", fields: { date: "2026-12-07" } },
    ]);
    const seen: string[] = [];
    const stop = effect(() => {
      const sizes = (["customers", "activities", "day_logs"] as const).map((c) => (records.loaded(c).value ? records.map(c).value.size : "-"));
      seen.push(sizes.join(","));
    });
    await until("the first reads", () => records.loaded("day_logs").value && records.loaded("customers").value);
    stop();
    assert.deepEqual(seen, ["-,-,-", "1,1,1"]);
  } finally {
    close();
  }
});

test("a record read again unchanged is the same object; a changed one is new", async () => {
  const { store, engine, records, close } = await open();
  try {
    await store.addChanges([
      { collection: "customers", id: "c1", fields: { name: "王五" } },
      { collection: "customers", id: "c2", fields: { name: "李雷" } },
    ]);
    records.map("customers");
    await until("the first read", () => records.loaded("customers").value);
    const before = records.map("customers").value;
    await store.addChange("customers", "c2", { name: "李雷雷" });
    await engine.noteElsewhere({ kind: "collections", collections: ["customers"] });
    await until("the read again", () => records.map("customers").value.get("c2")?.fields["name"] === "李雷雷");
    const after = records.map("customers").value;
    assert.equal(after.get("c1"), before.get("c1"), "unchanged: kept");
    assert.notEqual(after.get("c2"), before.get("c2"), "changed: the new one");
  } finally {
    close();
  }
});

test("a collection changed while it is being read is read again", async () => {
  const { store, engine, records, close } = await open();
  try {
    records.map("customers");
    // Changed in IndexedDB by another tab while the first read is under way.
    await store.addChange("customers", "c1", { name: "王五" });
    void engine.noteElsewhere({ kind: "collections", collections: ["customers"] });
    await until("the change shown", () => records.map("customers").value.has("c1"));
  } finally {
    close();
  }
});
