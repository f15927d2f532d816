import assert from "node:assert/strict";
import { test, type TestContext } from "node:test";
import { blankScore } from "../data/testdata";
import { lang } from "../i18n";
import { monthRule, monthRuleNotes, monthWeeks, notYetText } from "./monthRule";

// December 2026 starts on a Tuesday: its first Monday is the 7th, the week
// of 11/30 counts for November, and the week of 12/28 runs to 1/3.
test("a month's weeks: those that start in it, the one carried in from the month before, the last one running on", () => {
  assert.deepEqual(monthRule("2026-12", "2026-12-03"), {
    month: "2026-12",
    weeks: ["2026-12-07", "2026-12-14", "2026-12-21", "2026-12-28"],
    carriedIn: "2026-11-30",
    runsTo: "2027-01-03",
    started: false,
  });
  assert.equal(monthRule("2026-12", "2026-12-07").started, true, "the first Monday itself");
  // June 2026 starts on a Monday and ends on a Tuesday.
  const june = monthRule("2026-06", "2026-06-01");
  assert.equal(june.carriedIn, null);
  assert.equal(june.runsTo, "2026-07-05");
  assert.equal(june.started, true);
  // February 2027 starts on a Monday and ends on a Sunday: nothing carried in or running on.
  const feb = monthRule("2027-02", "2027-03-01");
  assert.deepEqual([feb.weeks.length, feb.carriedIn, feb.runsTo], [4, null, null]);
});

/** Dates carry their year when it is not this one: the words depend on now. */
const at = (ctx: TestContext, iso: string) => ctx.mock.method(Date, "now", () => Date.parse(iso));

test("the month rule in words, in both languages", (ctx) => {
  at(ctx, "2026-12-03T12:00:00Z");
  const dec = monthRule("2026-12", "2026-12-03");
  lang.value = "zh-CN";
  assert.deepEqual(monthRuleNotes(dec), [
    "本月第一周从 12/7 开始，尚无周成绩。",
    "月度积分是本月开始的各周积分的平均。",
    "11/30 那周计入 11 月。",
    "12/28 那周（到 2027/1/3）计入 12 月。",
  ]);
  assert.equal(notYetText(dec), "本月第一周从 12/7 开始，尚无周成绩。");
  assert.equal(notYetText(monthRule("2026-12", "2026-12-08")), "", "once the first week has started, scores speak");
  lang.value = "en";
  assert.deepEqual(monthRuleNotes(monthRule("2026-12", "2026-12-20")), [
    "A month's score is the mean of the weekly scores of the weeks that start in it.",
    "The week of 11/30 counts for November.",
    "The week of 12/28 (to 1/3/2027) counts for December.",
  ]);
  assert.equal(notYetText(dec), "This month's first week starts on 12/7: no weekly score yet.");
  lang.value = "zh-CN";
  // January: the week carried in counts for the December before (of last year, so it says so).
  at(ctx, "2027-01-20T12:00:00Z");
  assert.ok(monthRuleNotes(monthRule("2027-01", "2027-01-20")).includes("2026/12/28 那周计入 12 月。"));
});

test("the weeks listed under a month: the carried-in week counts elsewhere, a started week without a record is 0, weeks to come have none", () => {
  const week = (start: string, score: number) => blankScore({ agentId: "a", kind: "week", start, score });
  const scores = [week("2026-11-30", 90), week("2026-12-07", 72), week("2026-12-14", 64), blankScore({ agentId: "b", kind: "week", start: "2026-12-21", score: 99 })];
  assert.deepEqual(monthWeeks(monthRule("2026-12", "2026-12-22"), scores, "a", "2026-12-22"), [
    { start: "2026-11-30", end: "2026-12-06", month: "2026-11", score: null },
    { start: "2026-12-07", end: "2026-12-13", month: "2026-12", score: 72 },
    { start: "2026-12-14", end: "2026-12-20", month: "2026-12", score: 64 },
    { start: "2026-12-21", end: "2026-12-27", month: "2026-12", score: 0 },
    { start: "2026-12-28", end: "2027-01-03", month: "2026-12", score: null },
  ]);
});
