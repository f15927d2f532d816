import assert from "node:assert/strict";
import { test } from "node:test";
import { member, team, weekScore } from "../data/testdata";
import { weekPeriod } from "./period";
import { categoryCell, columnsOf, dashboardRows, figuresOf } from "./weekTable";

const week = weekPeriod("2026-11-23");
const cat = (kind: string, target: number, actual: number, points: number) => ({ kind, weight: 0, target, actual, points });

test("every active agent has a row, ranked; one without a record scores 0", () => {
  const scores = [
    weekScore("b", week, 83, {
      categories: [cat("visit", 20, 21, 40), cat("prospect", 12, 7, 7)],
      counts: { visit: 21, call: 31, deal: 2 },
      pendingDays: 2,
      streakOut: 4,
      awards: [{ kind: "weekly_progress", amount: 200, day: week.end }],
    }),
    weekScore("a", week, 60, { counts: { visit: 12 } }),
    weekScore("c", weekPeriod("2026-11-16"), 99),
  ];
  const rows = dashboardRows(week, [...team, member("x", "离职", "agent", false)], scores, "2026-11-28");
  assert.deepEqual(
    rows.map((r) => [r.agentId, r.rank, r.score, r.band, r.pendingDays, r.streak, r.scored]),
    [
      ["b", 1, 83, "excellent", 2, 4, true],
      ["a", 2, 60, "qualified", 0, 0, true],
      ["c", 3, 0, "coaching", 0, 0, false],
    ],
  );
  assert.equal(rows[0]!.awards[0]?.kind, "weekly_progress");
  assert.equal(rows[0]!.counts["call"], 31);
});

test("columns: the scored categories in the guide's order, then calls and deals", () => {
  const rows = dashboardRows(
    week,
    team,
    [
      weekScore("a", week, 50, { categories: [cat("visit", 20, 10, 20), cat("prospect", 12, 6, 6)] }),
      weekScore("b", week, 50, { categories: [cat("deal", 1, 1, 8), cat("visit", 10, 8, 40), cat("custom", 1, 1, 1)] }),
    ],
    "2026-11-28",
  );
  assert.deepEqual(columnsOf(rows), { categories: ["prospect", "visit", "deal", "custom"], extras: ["call"] });
  assert.deepEqual(columnsOf(dashboardRows(week, team, [], "2026-11-28")), { categories: [], extras: ["visit", "call", "deal"] });
});

test("a cell is actual against target with points, or the bare count when the week did not score the kind", () => {
  const [row] = dashboardRows(week, [team[0]!], [weekScore("a", week, 50, { categories: [cat("visit", 20, 10, 20)], counts: { visit: 10, call: 7 } })], "2026-11-28");
  assert.deepEqual(categoryCell(row!, "visit"), { actual: 10, target: 20, points: 20, pending: 0 });
  assert.deepEqual(categoryCell(row!, "call"), { actual: 7, target: null, points: null, pending: 0 });
  assert.deepEqual(categoryCell(row!, "deal"), { actual: 0, target: null, points: null, pending: 0 });
});

test("a cell carries what is pending beside the approved count, negative where a change removed something", () => {
  const [row] = dashboardRows(
    week,
    [team[0]!],
    [weekScore("a", week, 50, { categories: [cat("visit", 20, 12, 24)], counts: { visit: 12, deal: 1 }, pendingCounts: { visit: 2, deal: -1 } })],
    "2026-11-28",
  );
  assert.deepEqual(categoryCell(row!, "visit"), { actual: 12, target: 20, points: 24, pending: 2 });
  assert.deepEqual(categoryCell(row!, "deal"), { actual: 1, target: null, points: null, pending: -1 });
});

test("an agent's card lists every column of the table, deals always among them, with the premium and amended days on the row", () => {
  const scores = [
    weekScore("a", week, 77, {
      categories: [cat("prospect", 12, 4, 4), cat("visit", 20, 18, 36)],
      counts: { prospect: 4, visit: 18, call: 27, deal: 1 },
      pendingCounts: { visit: 1 },
      premium: 8200,
      amendedDays: 1,
      pendingDays: 1,
    }),
  ];
  const rows = dashboardRows(week, team, scores, "2026-11-28");
  const card = figuresOf(rows[0]!, columnsOf(rows));
  assert.deepEqual(
    card.map((f) => [f.kind, f.actual, f.target, f.pending]),
    [
      ["prospect", 4, 12, 0],
      ["visit", 18, 20, 1],
      ["call", 27, null, 0],
      ["deal", 1, null, 0],
    ],
  );
  assert.deepEqual([rows[0]!.premium, rows[0]!.amendedDays, rows[0]!.pendingDays], [8200, 1, 1]);
  // A week nobody has scored: visits, calls and deals.
  const bare = dashboardRows(week, team, [], "2026-11-28");
  assert.deepEqual(
    figuresOf(bare[0]!, columnsOf(bare)).map((f) => f.kind),
    ["visit", "call", "deal"],
  );
  // A team that scores deals: the deal is a category, still on the card, once.
  const scoredDeals = dashboardRows(week, team, [weekScore("a", week, 50, { categories: [cat("deal", 1, 1, 8), cat("visit", 10, 8, 40)] })], "2026-11-28");
  assert.deepEqual(
    figuresOf(scoredDeals[0]!, columnsOf(scoredDeals)).map((f) => f.kind),
    ["visit", "deal", "call"],
  );
});
