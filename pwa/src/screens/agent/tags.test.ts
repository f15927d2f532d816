import assert from "node:assert/strict";
import { test } from "node:test";
import { problemsByWeek, progressOn } from "./tags";
import { dayLog } from "./testdata";

const weeks = ["2026-11-09", "2026-11-16", "2026-11-23"];

test("problems are counted per tag per week, the most frequent tags first, then the latest", () => {
  const rows = problemsByWeek(
    [
      dayLog("2026-11-10", ["appointment_script", "product_knowledge"]),
      dayLog("2026-11-15", ["appointment_script"]), // Sunday: still the week of the 9th
      dayLog("2026-11-17", ["appointment_script", "objection_handling"]),
      dayLog("2026-11-28", ["product_knowledge", "product_knowledge"]),
      dayLog("2026-11-01", ["other"]), // before the weeks shown
      dayLog("", ["other"]),
    ],
    weeks,
  );
  assert.deepEqual(
    rows.map((r) => [r.tag, r.perWeek, r.total]),
    [
      ["product_knowledge", [1, 0, 2], 3],
      ["appointment_script", [2, 1, 0], 3],
      ["objection_handling", [0, 1, 0], 1],
    ],
  );
});

test("tags as frequent and met alike go in the tags' own order", () => {
  const rows = problemsByWeek([dayLog("2026-11-10", ["other", "product_knowledge"])], weeks);
  assert.deepEqual(
    rows.map((r) => r.tag),
    ["product_knowledge", "other"],
  );
});

test("no problems, no rows", () => {
  assert.deepEqual(problemsByWeek([dayLog("2026-11-10")], weeks), []);
});

test("progress on a focus: fewer problems of its tag in the latest week than in the note's week", () => {
  const logs = [
    dayLog("2026-11-10", ["appointment_script", "appointment_script", "appointment_script"]),
    dayLog("2026-11-18", ["appointment_script", "appointment_script"]),
    dayLog("2026-11-24", ["appointment_script", "other"]),
  ];
  const p = progressOn(logs, "appointment_script", "2026-11-11", "2026-11-25");
  assert.deepEqual(p.weeks, [
    { start: "2026-11-09", count: 3 },
    { start: "2026-11-16", count: 2 },
    { start: "2026-11-23", count: 1 },
  ]);
  assert.equal(p.trend, "fewer");
  assert.equal(p.current, true);
});

test("progress says more, the same, none, or too early to tell", () => {
  const logs = [dayLog("2026-11-10", ["needs_discovery"]), dayLog("2026-11-24", ["needs_discovery", "needs_discovery"])];
  assert.equal(progressOn(logs, "needs_discovery", "2026-11-10", "2026-11-25").trend, "more");
  assert.equal(progressOn([dayLog("2026-11-10", ["other"]), dayLog("2026-11-24", ["other"])], "other", "2026-11-10", "2026-11-25").trend, "same");
  assert.equal(progressOn(logs, "referral_script", "2026-11-10", "2026-11-25").trend, "none");
  const early = progressOn(logs, "needs_discovery", "2026-11-24", "2026-11-25");
  assert.equal(early.trend, "single");
  assert.deepEqual(early.weeks, [{ start: "2026-11-23", count: 2 }]);
});

test("a long-standing note shows its latest weeks only; a note dated ahead counts from this week", () => {
  const p = progressOn([], "other", "2026-01-05", "2026-11-25", 4);
  assert.deepEqual(
    p.weeks.map((w) => w.start),
    ["2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23"],
  );
  assert.equal(progressOn([], "other", "2026-12-30", "2026-11-25").weeks.length, 1);
});
