import assert from "node:assert/strict";
import { test } from "node:test";
import type { DayResult, Score } from "../data/model";
import { monthPeriod, weekPeriod } from "./period";
import { bandOf, dailyVisits, dayStrip, findScore, rateTrend, visitsPerDay, weeklyScores } from "./scores";

const ME = "agent-1";

/** A week record as the server writes it, with some fields set. */
function week(start: string, score: number, days: DayResult[] = [], agentId = ME): Score {
  const p = weekPeriod(start);
  return {
    id: `w-${agentId}-${start}`,
    agentId,
    kind: "week",
    period: p.label,
    start: p.start,
    end: p.end,
    score,
    band: bandOf(score),
    categories: [],
    counts: {},
    premium: 0,
    pendingDays: 0,
    pendingCounts: {},
    amendedDays: 0,
    approvedDays: days.filter((d) => d.state === "approved").length,
    days,
    streakOut: 0,
    awards: [],
  };
}

function month(label: string, counts: Record<string, number>, approvedDays = 10): Score {
  const p = monthPeriod(label);
  return { ...week(p.start, 0), id: `m-${label}`, kind: "month", period: label, start: p.start, end: p.end, counts, approvedDays, days: [] };
}

const visits = (day: string, n: number, met = false): DayResult => ({ day, state: "approved", counts: { visit: n }, met });

test("the week and month records are found by agent and period", () => {
  const scores = [week("2026-11-23", 50, [], "agent-2"), week("2026-11-23", 75), week("2026-11-16", 60), month("2026-11", {})];
  assert.equal(findScore(scores, ME, weekPeriod("2026-11-25"))?.score, 75);
  assert.equal(findScore(scores, ME, monthPeriod("2026-11"))?.id, "m-2026-11");
  assert.equal(findScore(scores, ME, weekPeriod("2026-11-30")), null);
});

test("bands: 80 and over excellent, 60 to 79.9 qualified, under 60 coaching", () => {
  assert.deepEqual([bandOf(80), bandOf(79.9), bandOf(60), bandOf(59.9), bandOf(0)], ["excellent", "qualified", "qualified", "coaching", "coaching"]);
});

test("the day strip has seven days, Monday first, even when the record lists fewer", () => {
  const w = week("2026-11-23", 40, [
    visits("2026-11-24", 5, true),
    { day: "2026-11-25", state: "submitted" },
    { day: "2026-11-29", rest: true },
  ]);
  const strip = dayStrip(w);
  assert.equal(strip.length, 7);
  assert.equal(strip[0]!.day, "2026-11-23");
  assert.deepEqual(strip[0], { day: "2026-11-23", visits: 0, met: false, state: "", rest: false, amended: false, pendingVisits: 0 });
  assert.deepEqual(strip[1], { day: "2026-11-24", visits: 5, met: true, state: "approved", rest: false, amended: false, pendingVisits: 0 });
  assert.equal(strip[2]!.state, "submitted");
  assert.equal(strip[6]!.rest, true);
});

test("a day changed after approval keeps its approved visits, marked amended, with the change pending", () => {
  const w = week("2026-11-23", 40, [
    { day: "2026-11-24", state: "submitted", amended: true, counts: { visit: 4 }, met: true, pending: { visit: 2, call: 1 } },
    { day: "2026-11-25", state: "submitted", pending: { visit: 3 } },
  ]);
  const [, changed, waiting] = dayStrip(w);
  assert.deepEqual(changed, { day: "2026-11-24", visits: 4, met: true, state: "submitted", rest: false, amended: true, pendingVisits: 2 });
  assert.deepEqual(waiting, { day: "2026-11-25", visits: 0, met: false, state: "submitted", rest: false, amended: false, pendingVisits: 3 });
});

test("the weekly trend: the month's weeks, 0 for a started week with no record, nothing for weeks to come", () => {
  const scores = [week("2026-11-02", 70), week("2026-11-16", 85), week("2026-10-26", 99)];
  const got = weeklyScores(scores, ME, "2026-11", "2026-11-20");
  assert.deepEqual(
    got.map((p) => [p.label, p.score]),
    [
      ["2026-W45", 70],
      ["2026-W46", 0],
      ["2026-W47", 85],
      ["2026-W48", null],
      ["2026-W49", null],
    ],
  );
});

test("visits a day over a month come from the weeks that overlap it", () => {
  const scores = [
    week("2026-10-26", 0, [visits("2026-10-31", 9), visits("2026-11-01", 4)]),
    week("2026-11-02", 0, [visits("2026-11-03", 6)]),
  ];
  const got = dailyVisits(scores, ME, "2026-11", "2026-11-04");
  assert.equal(got.length, 30);
  assert.deepEqual(got.slice(0, 5), [
    { day: "2026-11-01", visits: 4 },
    { day: "2026-11-02", visits: 0 },
    { day: "2026-11-03", visits: 6 },
    { day: "2026-11-04", visits: 0 },
    { day: "2026-11-05", visits: null },
  ]);
});

test("the rate trend adds each month's appointment success from the local month records", () => {
  const scores = [month("2026-10", { call: 40, appointment: 6 }), month("2026-11", { appointment: 2 })];
  const got = rateTrend(
    [
      { month: "2026-09", rate: null },
      { month: "2026-10", rate: 0.1 },
      { month: "2026-11", rate: 0.05 },
    ],
    scores,
    ME,
  );
  assert.deepEqual(got, [
    { month: "2026-09", closeRate: null, appointmentSuccess: null },
    { month: "2026-10", closeRate: 0.1, appointmentSuccess: 0.15 },
    { month: "2026-11", closeRate: 0.05, appointmentSuccess: null },
  ]);
});

test("visits per approved day", () => {
  assert.equal(visitsPerDay(month("2026-11", { visit: 30 }, 10)), 3);
  assert.equal(visitsPerDay(month("2026-11", { visit: 0 }, 0)), null);
  assert.equal(visitsPerDay(null), null);
});
