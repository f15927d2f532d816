import assert from "node:assert/strict";
import { test } from "node:test";
import { dailyVisits, monthRows, rate, recentMondays, recentMonths, weekRows } from "./stats";
import { month, week } from "./testdata";

test("the recent weeks end with this week's Monday, oldest first", () => {
  assert.deepEqual(recentMondays("2026-11-28", 3), ["2026-11-09", "2026-11-16", "2026-11-23"]);
  assert.deepEqual(recentMondays("2026-11-23", 1), ["2026-11-23"]);
});

test("the recent months end with this month, across a new year", () => {
  assert.deepEqual(recentMonths("2027-02-03", 4), ["2026-11", "2026-12", "2027-01", "2027-02"]);
});

test("week rows: a week without a record scores 0 after the first scored week, nothing before it", () => {
  const scores = [
    week("a1", "2026-11-09", { period: "2026-W46", score: 72.5, band: "qualified", counts: { visit: 18, deal: 1 }, premium: 8000, pendingDays: 1 }),
    week("a1", "2026-11-23", { period: "2026-W48", score: 85, band: "excellent" }),
    week("a2", "2026-11-02", { score: 99 }),
    month("a1", "2026-11", { score: 50 }),
  ];
  const rows = weekRows(scores, "a1", ["2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23"]);
  assert.deepEqual(
    rows.map((r) => [r.label, r.score, r.recorded]),
    [
      ["2026-W45", null, false],
      ["2026-W46", 72.5, true],
      ["2026-W47", 0, false],
      ["2026-W48", 85, true],
    ],
  );
  assert.deepEqual(
    { visits: rows[1]!.visits, deals: rows[1]!.deals, premium: rows[1]!.premium, pending: rows[1]!.pendingDays, band: rows[1]!.band },
    { visits: 18, deals: 1, premium: 8000, pending: 1, band: "qualified" },
  );
});

test("an agent with no week records has no scores to show", () => {
  assert.deepEqual(
    weekRows([], "a1", ["2026-11-23"]).map((r) => r.score),
    [null],
  );
});

test("daily visits come from the week records' days; days to come are empty", () => {
  const scores = [
    week("a1", "2026-11-16", {
      days: [
        { day: "2026-11-16", counts: { visit: 4 } },
        { day: "2026-11-17", counts: { call: 3 } },
      ],
    }),
    week("a1", "2026-11-23", { days: [{ day: "2026-11-24", counts: { visit: 6 } }] }),
  ];
  const days = dailyVisits(scores, "a1", ["2026-11-09", "2026-11-16", "2026-11-23"], "2026-11-25");
  assert.equal(days.length, 21);
  const at = (d: string) => days.find((x) => x.day === d)?.visits;
  assert.equal(at("2026-11-09"), null, "before the first scored week");
  assert.equal(at("2026-11-16"), 4);
  assert.equal(at("2026-11-17"), 0);
  assert.equal(at("2026-11-20"), 0);
  assert.equal(at("2026-11-24"), 6);
  assert.equal(at("2026-11-25"), 0);
  assert.equal(at("2026-11-26"), null, "tomorrow");
});

test("month rows: close rate is deals ÷ visits, appointment success appointments ÷ calls", () => {
  const rows = monthRows(
    [month("a1", "2026-10", { score: 70, counts: { call: 40, appointment: 10, visit: 80, deal: 4 }, premium: 20000 }), month("a1", "2026-11", { counts: {} })],
    "a1",
    ["2026-09", "2026-10", "2026-11"],
  );
  assert.deepEqual(
    rows.map((r) => [r.month, r.score, r.closeRate, r.appointmentSuccess]),
    [
      ["2026-09", null, null, null],
      ["2026-10", 70, 0.05, 0.25],
      ["2026-11", 0, null, null],
    ],
  );
  assert.equal(rows[1]!.premium, 20000);
});

test("a rate without a denominator is null", () => {
  assert.equal(rate(3, 0), null);
  assert.equal(rate(1, 4), 0.25);
});
