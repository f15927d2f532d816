import assert from "node:assert/strict";
import { test } from "node:test";
import { memoryStore } from "../data/testdata";
import { readCached, writeCached } from "./cache";

const asNumber = (v: unknown) => (typeof v === "number" ? v : null);

test("an answer is read back with its time, per user and name", () => {
  const s = memoryStore();
  writeCached(s, "u1", "review:2026-11", 42, 1000);
  assert.deepEqual(readCached(s, "u1", "review:2026-11", asNumber), { value: 42, at: 1000 });
  assert.equal(readCached(s, "u2", "review:2026-11", asNumber), null, "another user's");
  assert.equal(readCached(s, "u1", "review:2026-10", asNumber), null, "another month's");
});

test("an answer the parser refuses, or damaged JSON, counts as none", () => {
  const s = memoryStore();
  writeCached(s, "u1", "a", "not a number", 1);
  assert.equal(readCached(s, "u1", "a", asNumber), null);
  s.setItem("fieldbook.cache.u1.b", "{broken");
  assert.equal(readCached(s, "u1", "b", asNumber), null);
});

test("only the newest answers of the user are kept", () => {
  const s = memoryStore();
  s.setItem("fieldbook.session", "{}");
  writeCached(s, "u2", "x", 1, 1);
  for (let i = 1; i <= 5; i++) writeCached(s, "u1", `n${i}`, i, i * 10, 3);
  assert.deepEqual(s.keys(), [
    "fieldbook.cache.u1.n3",
    "fieldbook.cache.u1.n4",
    "fieldbook.cache.u1.n5",
    "fieldbook.cache.u2.x",
    "fieldbook.session",
  ]);
});

test("a full storage loses the cache, never the screen", () => {
  const s = memoryStore(true);
  assert.doesNotThrow(() => writeCached(s, "u1", "a", 1, 1));
  assert.equal(readCached(s, "u1", "a", asNumber), null);
});
