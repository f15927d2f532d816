// The month rule where people see it (docs/scoring.md "Monthly review"): a
// month's score is the mean of the weekly scores of the weeks that start in
// it. So the days before a month's first Monday belong to a week of the
// month before ("11/30 那周计入 11 月"), the last week may run into the next
// month and still counts here, and a month whose first Monday is still to
// come has no week of its own yet — it says so rather than show a bare 0.

import { addDays, type Score } from "../data/model";
import { formatDay, lang, translator } from "../i18n";
import { en } from "./monthRule.en";
import { zhCN } from "./monthRule.zh-CN";
import { mondaysIn, monthPeriod, shiftMonth } from "./period";

export interface MonthRule {
  month: string;
  /** The Mondays of the weeks the month's score averages, first to last. */
  weeks: string[];
  /** The Monday of the week holding the month's first day when it started in the month before (it counts there); else null. */
  carriedIn: string | null;
  /** The last week's Sunday when it ends in the next month (the week still counts here); else null. */
  runsTo: string | null;
  /** Whether the month's first week has started by today (in the team's zone). */
  started: boolean;
}

/** The weeks a month's score is made of, seen on `today` (YYYY-MM-DD in the team's zone). */
export function monthRule(month: string, today: string): MonthRule {
  const weeks = mondaysIn(month);
  const p = monthPeriod(month);
  const first = weeks[0] ?? p.start;
  const last = weeks[weeks.length - 1] ?? p.start;
  const sunday = addDays(last, 6);
  return {
    month,
    weeks,
    carriedIn: first === p.start ? null : addDays(first, -7),
    runsTo: sunday > p.end ? sunday : null,
    started: first <= today,
  };
}

const tr = translator({ "zh-CN": zhCN, en });

/** 11/30 in both languages: short enough to sit in a sentence on a phone. */
export function shortDay(day: string): string {
  return formatDay(day, { month: "numeric", day: "numeric" });
}

/** A month's name inside a sentence: 11 月, November. */
export function monthName(month: string): string {
  return lang.value === "en" ? formatDay(`${month}-01`, { month: "long" }) : `${Number(month.slice(5, 7))} 月`;
}

/** "计入 11 月" beside a week that starts in another month. */
export function countsIn(month: string): string {
  return tr("countsIn", { month: monthName(month) });
}

/**
 * The sentences that explain a month's score: the rule, the week carried
 * in from the month before, the last week running into the next month,
 * and — before the first week has started — that there is no score yet.
 */
export function monthRuleNotes(r: MonthRule): string[] {
  const out: string[] = [];
  if (!r.started && r.weeks[0]) out.push(tr("notYet", { day: shortDay(r.weeks[0]) }));
  out.push(tr("rule"));
  if (r.carriedIn) out.push(tr("carriedIn", { day: shortDay(r.carriedIn), month: monthName(shiftMonth(r.month, -1)) }));
  if (r.runsTo && r.weeks.length > 0) {
    out.push(tr("runsTo", { day: shortDay(r.weeks[r.weeks.length - 1]!), end: shortDay(r.runsTo), month: monthName(r.month) }));
  }
  return out;
}

/** The one sentence saying a month has no week of its own yet ("" once it has). */
export function notYetText(r: MonthRule): string {
  return !r.started && r.weeks[0] ? tr("notYet", { day: shortDay(r.weeks[0]) }) : "";
}

/** One week in a month's list: the week before the month's first Monday, or one of the month's own. */
export interface MonthWeek {
  start: string;
  end: string;
  /** The month the week counts for (YYYY-MM): the one before for the carried-in week. */
  month: string;
  /** The agent's weekly score; 0 for a started week without a record (nothing approved), null for a week to come or one counted elsewhere. */
  score: number | null;
}

/**
 * The weeks to list under a month's score, first to last: the week that
 * holds the month's first days but counts for the month before (when
 * there is one), then the month's own weeks with the agent's scores.
 */
export function monthWeeks(r: MonthRule, scores: readonly Score[], agentId: string, today: string): MonthWeek[] {
  const scoreOf = (start: string): number | null => {
    const s = scores.find((x) => x.agentId === agentId && x.kind === "week" && x.start === start);
    return s ? s.score : start <= today ? 0 : null;
  };
  const own = r.weeks.map((start): MonthWeek => ({ start, end: addDays(start, 6), month: r.month, score: scoreOf(start) }));
  if (!r.carriedIn) return own;
  return [{ start: r.carriedIn, end: addDays(r.carriedIn, 6), month: shiftMonth(r.month, -1), score: null }, ...own];
}
