import assert from "node:assert/strict";
import { test } from "node:test";
import type { Prospect } from "../../data/model";
import { prospect } from "../../data/testdata";
import { countOpen, DEFAULT_FILTERS, filterProspects, matchesQuery, sortProspects, type Filters } from "./prospects";

const zh = new Intl.Collator("zh-CN").compare;
const ids = (list: Prospect[]) => list.map((p) => p.id);

test("matchesQuery searches name, referrer and phone digits", () => {
  const p = prospect({ name: "Li Zong", referrer: "张姐", phone: "+86 138-0013-8000" });
  for (const q of ["", "  ", "li", "ZONG", "张", "13800138", "138 0013", "+86138"]) assert.ok(matchesQuery(p, q), q);
  for (const q of ["王", "139", "zhang"]) assert.ok(!matchesQuery(p, q), q);
});

test("filterProspects: open by default, then each stage, grade and source", () => {
  const list = [
    prospect({ id: "new-a-ref", stage: "new", grade: "A", source: "referral" }),
    prospect({ id: "visited-b", stage: "visited", grade: "B", source: "other" }),
    prospect({ id: "closed", stage: "closed", grade: "A" }),
    prospect({ id: "dropped", stage: "dropped" }),
  ];
  const f = (over: Partial<Filters>) => ids(filterProspects(list, { ...DEFAULT_FILTERS, ...over }));
  assert.deepEqual(f({}), ["new-a-ref", "visited-b"]);
  assert.deepEqual(f({ stage: "all" }), ["new-a-ref", "visited-b", "closed", "dropped"]);
  assert.deepEqual(f({ stage: "closed" }), ["closed"]);
  assert.deepEqual(f({ stage: "all", grade: "A" }), ["new-a-ref", "closed"]);
  assert.deepEqual(f({ source: "other" }), ["visited-b"]);
});

test("priority order: A with 8+ on all three first, then grade, then the sum of the scores", () => {
  const list = [
    prospect({ id: "c-high", name: "甲", grade: "C", need: 10, wealth: 10, trust: 10 }),
    prospect({ id: "a-7", name: "乙", grade: "A", need: 9, wealth: 9, trust: 7 }),
    prospect({ id: "no-grade", name: "丙" }),
    prospect({ id: "a-8", name: "丁", grade: "A", need: 8, wealth: 8, trust: 8 }),
    prospect({ id: "a-low", name: "戊", grade: "A", need: 1, wealth: 1, trust: 1 }),
    prospect({ id: "a-9", name: "己", grade: "A", need: 9, wealth: 9, trust: 9 }),
  ];
  assert.deepEqual(ids(sortProspects(list, "priority", zh)), ["a-9", "a-8", "a-7", "a-low", "c-high", "no-grade"]);
});

test("name order follows the language's collation, ties by id", () => {
  const list = [prospect({ id: "2", name: "张三" }), prospect({ id: "3", name: "李四" }), prospect({ id: "1", name: "李四" })];
  assert.deepEqual(ids(sortProspects(list, "name", zh)), ["1", "3", "2"]);
  const en = new Intl.Collator("en").compare;
  assert.deepEqual(ids(sortProspects([prospect({ id: "b", name: "bob" }), prospect({ id: "a", name: "Alice" })], "name", en)), ["a", "b"]);
});

test("newest order puts names not yet synced (no created_at) first", () => {
  const list = [
    prospect({ id: "old", createdAt: "2026-10-01T09:00:00Z" }),
    prospect({ id: "unsynced", createdAt: "" }),
    prospect({ id: "recent", createdAt: "2026-11-27T09:00:00+08:00" }),
  ];
  assert.deepEqual(ids(sortProspects(list, "newest", zh)), ["unsynced", "recent", "old"]);
});

test("countOpen", () => {
  assert.deepEqual(countOpen([prospect({ stage: "new" }), prospect({ stage: "closed" }), prospect({ stage: "visited" })]), {
    total: 3,
    open: 2,
  });
});

test("5,000 names sort and filter fast enough to type in the search box", () => {
  const grades = ["A", "B", "C", "D", null] as const;
  const list = Array.from({ length: 5000 }, (_, i) =>
    prospect({ id: `p${i}`, name: `客户${(i * 7919) % 5000}`, grade: grades[i % 5], need: i % 11, wealth: (i * 3) % 11, trust: (i * 7) % 11 }),
  );
  let start = performance.now();
  const sorted = sortProspects(list, "priority", zh);
  const sortMs = performance.now() - start;
  start = performance.now();
  const found = filterProspects(sorted, { ...DEFAULT_FILTERS, query: "客户12" });
  const filterMs = performance.now() - start;
  assert.equal(sorted.length, 5000);
  assert.ok(found.length > 0);
  assert.ok(sortMs < 500, `sort took ${sortMs.toFixed(0)} ms`);
  assert.ok(filterMs < 50, `filter took ${filterMs.toFixed(0)} ms`);
});

test("by next follow-up: the soonest first, names without one last by name", () => {
  const list = [prospect({ id: "a", name: "A" }), prospect({ id: "b", name: "B" }), prospect({ id: "c", name: "C" }), prospect({ id: "d", name: "D" })];
  const next = new Map([
    ["p:c", "2026-12-20"],
    ["p:b", "2026-12-01"],
    ["c:a", "2026-11-01"], // a customer's, not this name's
  ]);
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  assert.deepEqual(
    sortProspects(list, "followUp", cmp, next).map((p) => p.id),
    ["b", "c", "a", "d"],
  );
});
