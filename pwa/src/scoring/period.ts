// Weeks and months as the screens (me, team, dashboard, meeting) navigate them:
// the period named by a route, its neighbours and its labels. Weeks run
// Monday–Sunday and are named by ISO week (2026-W48), as the server names
// them. Pure: no DOM, no clock (callers pass today).

import { addDays, mondayOf } from "../data/model";

export type PeriodKind = "week" | "month";

export interface Period {
  kind: PeriodKind;
  /** The first day, YYYY-MM-DD (a Monday for weeks). */
  start: string;
  /** The last day. */
  end: string;
  /** 2026-W48 for a week, 2026-11 for a month: how scores records name it. */
  label: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Whether s is a real calendar date YYYY-MM-DD. */
function isDay(s: string): boolean {
  return DAY.test(s) && addDays(s, 0) === s;
}

/** The month YYYY-MM n months after month (before for negative n). */
export function shiftMonth(month: string, n: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${String(Math.floor(index / 12)).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** Days from a to b (YYYY-MM-DD), counted on the calendar whatever the clocks did. */
function daysBetween(a: string, b: string): number {
  const utc = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
  return Math.round((utc(b) - utc(a)) / 86_400_000);
}

/** The ISO week holding day, e.g. 2026-W48: the week's Thursday decides its year. */
export function isoWeek(day: string): string {
  const monday = mondayOf(day);
  const year = addDays(monday, 3).slice(0, 4);
  const first = mondayOf(`${year}-01-04`); // 4 January is always in week 1
  const week = daysBetween(first, monday) / 7 + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

export function weekPeriod(day: string): Period {
  const start = mondayOf(day);
  return { kind: "week", start, end: addDays(start, 6), label: isoWeek(start) };
}

export function monthPeriod(month: string): Period {
  const start = `${month}-01`;
  return { kind: "month", start, end: addDays(`${shiftMonth(month, 1)}-01`, -1), label: month };
}

/** The period a route names (#/me/week/2026-11-23, #/team/month/2026-11); this week when it names none. */
export function periodFromParams(params: readonly string[], today: string): Period {
  const [kind, at = ""] = params;
  if (kind === "month") {
    if (MONTH.test(at)) return monthPeriod(at);
    return monthPeriod((isDay(at) ? at : today).slice(0, 7));
  }
  return weekPeriod(isDay(at) ? at : today);
}

/** The route parameters of a period: the inverse of periodFromParams. */
export function periodParams(p: Period): [PeriodKind, string] {
  return [p.kind, p.kind === "week" ? p.start : p.label];
}

/** The period n weeks or months after p. */
export function shiftPeriod(p: Period, n: number): Period {
  return p.kind === "week" ? weekPeriod(addDays(p.start, 7 * n)) : monthPeriod(shiftMonth(p.label, n));
}

/** The same kind of period holding today. */
export function currentPeriod(kind: PeriodKind, today: string): Period {
  return kind === "week" ? weekPeriod(today) : monthPeriod(today.slice(0, 7));
}

/**
 * The period of the other kind that the agent is looking at: a week's
 * month (the month of its Monday), or a month's week — this week in the
 * current month, the first week of any other.
 */
export function switchKind(p: Period, kind: PeriodKind, today: string): Period {
  if (kind === p.kind) return p;
  if (kind === "month") return monthPeriod(p.start.slice(0, 7));
  return today >= p.start && today <= p.end ? weekPeriod(today) : weekPeriod(mondaysIn(p.label)[0] ?? p.start);
}

/** Every day of a period, first to last. */
export function daysOf(p: Period): string[] {
  const out: string[] = [];
  for (let d = p.start; d <= p.end; d = addDays(d, 1)) out.push(d);
  return out;
}

/** The Mondays that fall in a month: the weeks its score averages (docs/scoring.md). */
export function mondaysIn(month: string): string[] {
  return daysOf(monthPeriod(month)).filter((d) => mondayOf(d) === d);
}
