import assert from "node:assert/strict";
import { test } from "node:test";
import { awardCounts, awards, counts } from "./json";

test("awards keep kind, amount and day, and drop what has no kind", () => {
  assert.deepEqual(awards([{ kind: "streak", amount: 50, day: "2026-11-07" }, { kind: "monthly_champion" }, { amount: 1 }, "x"]), [
    { kind: "streak", amount: 50, day: "2026-11-07" },
    { kind: "monthly_champion" },
  ]);
  assert.deepEqual(awards(null), []);
});

test("awards of a kind are counted, in the order kinds first appear", () => {
  const list = awards([{ kind: "weekly_progress" }, { kind: "streak" }, { kind: "weekly_progress" }]);
  assert.deepEqual(awardCounts(list), [
    { kind: "weekly_progress", count: 2 },
    { kind: "streak", count: 1 },
  ]);
});

test("counts keep numbers only", () => {
  assert.deepEqual(counts({ visit: 3, deal: "2", call: null }), { visit: 3 });
  assert.deepEqual(counts([1, 2]), {});
});
