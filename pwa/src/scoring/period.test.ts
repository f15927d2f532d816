import assert from "node:assert/strict";
import { test } from "node:test";
import {
  currentPeriod,
  daysOf,
  isoWeek,
  mondaysIn,
  monthPeriod,
  periodFromParams,
  periodParams,
  shiftMonth,
  shiftPeriod,
  switchKind,
  weekPeriod,
} from "./period";

test("ISO week labels match the server's, across year ends", () => {
  const cases: [string, string][] = [
    ["2026-11-23", "2026-W48"],
    ["2026-11-29", "2026-W48"], // Sunday ends the week
    ["2026-01-01", "2026-W01"], // a Thursday: week 1 of its own year
    ["2027-01-01", "2026-W53"], // a Friday: the last week of 2026
    ["2024-12-30", "2025-W01"], // a Monday in December, week 1 of next year
    ["2021-01-03", "2020-W53"],
  ];
  for (const [day, want] of cases) assert.equal(isoWeek(day), want, day);
});

test("a week runs Monday to Sunday", () => {
  assert.deepEqual(weekPeriod("2026-11-28"), { kind: "week", start: "2026-11-23", end: "2026-11-29", label: "2026-W48" });
});

test("a month ends on its last day, February included", () => {
  assert.equal(monthPeriod("2026-11").end, "2026-11-30");
  assert.equal(monthPeriod("2028-02").end, "2028-02-29");
  assert.equal(monthPeriod("2026-12").end, "2026-12-31");
  assert.equal(daysOf(monthPeriod("2026-02")).length, 28);
});

test("months shift across years", () => {
  assert.equal(shiftMonth("2026-01", -1), "2025-12");
  assert.equal(shiftMonth("2026-12", 1), "2027-01");
  assert.equal(shiftMonth("2026-11", -3), "2026-08");
});

test("routes name periods; anything else means this week", () => {
  const today = "2026-11-28";
  assert.equal(periodFromParams([], today).start, "2026-11-23");
  assert.equal(periodFromParams(["week", "2026-11-05"], today).start, "2026-11-02");
  assert.equal(periodFromParams(["week", "2026-02-30"], today).start, "2026-11-23");
  assert.equal(periodFromParams(["month", "2026-10"], today).label, "2026-10");
  assert.equal(periodFromParams(["month", "2026-13"], today).label, "2026-11");
  assert.equal(periodFromParams(["month"], today).label, "2026-11");
  for (const p of [weekPeriod("2026-11-11"), monthPeriod("2026-09")]) {
    assert.deepEqual(periodFromParams(periodParams(p), today), p);
  }
});

test("periods step by their own length", () => {
  assert.equal(shiftPeriod(weekPeriod("2026-11-23"), -1).start, "2026-11-16");
  assert.equal(shiftPeriod(weekPeriod("2026-12-28"), 1).label, "2027-W01");
  assert.equal(shiftPeriod(monthPeriod("2026-01"), -1).label, "2025-12");
  assert.equal(currentPeriod("month", "2026-11-28").label, "2026-11");
});

test("the weeks of a month are those whose Monday falls in it", () => {
  assert.deepEqual(mondaysIn("2026-11"), ["2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23", "2026-11-30"]);
  assert.deepEqual(mondaysIn("2026-02"), ["2026-02-02", "2026-02-09", "2026-02-16", "2026-02-23"]);
});

test("switching between week and month keeps the agent where they were", () => {
  const today = "2026-11-28";
  assert.equal(switchKind(weekPeriod("2026-09-30"), "month", today).label, "2026-09");
  assert.equal(switchKind(monthPeriod("2026-11"), "week", today).start, "2026-11-23");
  assert.equal(switchKind(monthPeriod("2026-09"), "week", today).start, "2026-09-07", "its first Monday");
  assert.equal(switchKind(monthPeriod("2026-09"), "month", today).label, "2026-09");
});
