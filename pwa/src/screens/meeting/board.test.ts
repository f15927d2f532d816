import assert from "node:assert/strict";
import { test } from "node:test";
import type { DayResult } from "../../data/model";
import { member, team, weekScore } from "../../data/testdata";
import { weekPeriod } from "../../scoring/period";
import { localStandings } from "../../scoring/standings";
import { bestImprovement, dayNumbers, numberKinds, reportDay, weekAwards, weekNumbers } from "./board";

const week = weekPeriod("2026-11-23");
const lastWeek = weekPeriod("2026-11-16");
const restWeekend = (p: typeof week): DayResult[] =>
  [0, 1, 2, 3, 4, 5, 6].map((i) => ({ day: `2026-11-${String(Number(p.start.slice(8)) + i).padStart(2, "0")}`, rest: i >= 5 }));

test("the morning looks back at the last working day", () => {
  const scores = [weekScore("a", week, 0, { days: restWeekend(week) }), weekScore("a", lastWeek, 0, { days: restWeekend(lastWeek) })];
  assert.equal(reportDay("2026-11-27", scores), "2026-11-26", "Friday looks at Thursday");
  assert.equal(reportDay("2026-11-23", scores), "2026-11-20", "Monday looks at Friday over a rest weekend");
  assert.equal(reportDay("2026-11-28", scores), "2026-11-27", "Saturday looks at Friday");
  assert.equal(reportDay("2026-11-23", []), "2026-11-22", "without records, yesterday");
});

test("a day's numbers are its approved counts, with the log's state", () => {
  const scores = [
    weekScore("a", week, 50, { days: [{ day: "2026-11-26", state: "approved", counts: { visit: 5, deal: 1 } }] }),
    weekScore("b", week, 40, { days: [{ day: "2026-11-26", state: "submitted", pending: { visit: 3 } }] }),
    // Approved with 4 visits, then changed: it counts 4 until reviewed again, one visit less pending.
    weekScore("d", week, 30, { days: [{ day: "2026-11-26", state: "submitted", amended: true, counts: { visit: 4 }, pending: { visit: -1 } }] }),
  ];
  const lines = dayNumbers([{ agentId: "a" }, { agentId: "b" }, { agentId: "c" }, { agentId: "d" }], scores, "2026-11-26");
  assert.deepEqual(lines, [
    { agentId: "a", counts: { visit: 5, deal: 1 }, state: "approved", pendingDays: 0, pending: {}, amendedDays: 0 },
    { agentId: "b", counts: {}, state: "submitted", pendingDays: 1, pending: { visit: 3 }, amendedDays: 0 },
    { agentId: "c", counts: {}, state: "", pendingDays: 0, pending: {}, amendedDays: 0 },
    { agentId: "d", counts: { visit: 4 }, state: "submitted", pendingDays: 1, pending: { visit: -1 }, amendedDays: 1 },
  ]);
  assert.deepEqual(numberKinds(lines), ["visit", "deal"]);
});

test("the week so far is the week record's counts and pending days", () => {
  const lines = weekNumbers(
    [{ agentId: "a" }, { agentId: "c" }],
    [weekScore("a", week, 50, { counts: { visit: 12, call: 30 }, pendingDays: 2, pendingCounts: { appointment: 1 }, amendedDays: 1 })],
    week,
  );
  assert.deepEqual(lines, [
    { agentId: "a", counts: { visit: 12, call: 30 }, state: "", pendingDays: 2, pending: { appointment: 1 }, amendedDays: 1 },
    { agentId: "c", counts: {}, state: "", pendingDays: 0, pending: {}, amendedDays: 0 },
  ]);
  assert.deepEqual(numberKinds(lines), ["call", "appointment", "visit", "deal"], "a kind with only something pending has a column; deals always");
  assert.deepEqual(numberKinds([]), ["visit", "deal"]);
});

test("the best improvement: the biggest rise on the agent's own previous week, among agents scored in both", () => {
  const agents = [...team, member("d", "陈思思"), member("x", "离职", "agent", false)];
  const scores = [
    weekScore("a", lastWeek, 80),
    weekScore("a", week, 85),
    weekScore("b", lastWeek, 40),
    weekScore("b", week, 62.5),
    weekScore("c", week, 90), // no previous week: a first week is no rise
    weekScore("d", lastWeek, 70),
    weekScore("d", week, 50),
    weekScore("x", lastWeek, 0),
    weekScore("x", week, 99),
  ];
  assert.deepEqual(bestImprovement(week, agents, scores), { agentId: "b", name: "王强", score: 62.5, previous: 40, rise: 22.5 });
  assert.equal(bestImprovement(week, agents, [weekScore("a", lastWeek, 80), weekScore("a", week, 70)]), null, "nobody rose");
});

test("ties on the rise go to the higher score", () => {
  const scores = [weekScore("a", lastWeek, 50), weekScore("a", week, 60), weekScore("b", lastWeek, 70), weekScore("b", week, 80)];
  assert.equal(bestImprovement(week, team, scores)?.agentId, "b");
});

test("the week's awards are grouped by kind, streak first, winners in rank order", () => {
  const scores = [
    weekScore("a", week, 60, { awards: [{ kind: "weekly_progress", amount: 200, day: week.end }] }),
    weekScore("b", week, 90, {
      awards: [
        { kind: "weekly_progress", amount: 200, day: week.end },
        { kind: "streak", amount: 50, day: "2026-11-25" },
      ],
    }),
    weekScore("c", week, 70, {
      awards: [
        { kind: "streak", amount: 50, day: "2026-11-23" },
        { kind: "streak", amount: 50, day: "2026-11-29" },
      ],
    }),
  ];
  const rows = localStandings(week, team, scores, "2026-11-29").rows;
  assert.deepEqual(weekAwards(rows), [
    {
      kind: "streak",
      winners: [
        { agentId: "b", count: 1, amount: 50 },
        { agentId: "c", count: 2, amount: 100 },
      ],
    },
    {
      kind: "weekly_progress",
      winners: [
        { agentId: "b", count: 1, amount: 200 },
        { agentId: "a", count: 1, amount: 200 },
      ],
    },
  ]);
});
