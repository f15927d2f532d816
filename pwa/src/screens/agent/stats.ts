// An agent's recent weeks and months from their scores records (written by
// the server, synced to the supervisor's replica), shaped for the agent
// page's tables and charts. Pure: callers pass today.

import { addDays, mondayOf, type Score } from "../../data/model";
import { isoWeek, shiftMonth } from "../../scoring/period";

/** The Mondays of the n weeks up to the one holding today, oldest first. */
export function recentMondays(today: string, n: number): string[] {
  const last = mondayOf(today);
  return Array.from({ length: n }, (_, i) => addDays(last, -7 * (n - 1 - i)));
}

/** The n months up to today's, oldest first (YYYY-MM). */
export function recentMonths(today: string, n: number): string[] {
  const last = today.slice(0, 7);
  return Array.from({ length: n }, (_, i) => shiftMonth(last, -(n - 1 - i)));
}

/** A share, or null without a denominator. */
export function rate(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

export interface WeekRow {
  /** The week's Monday. */
  start: string;
  /** The ISO week, e.g. 2026-W48. */
  label: string;
  /**
   * The week's score. A week with no record scores 0 (nothing was
   * approved), except before the agent's first scored week: null.
   */
  score: number | null;
  band: string;
  visits: number;
  deals: number;
  premium: number;
  pendingDays: number;
  approvedDays: number;
  /** Whether the server wrote a record for the week. */
  recorded: boolean;
}

const weeksOf = (scores: readonly Score[], agentId: string) => scores.filter((s) => s.agentId === agentId && s.kind === "week");
const monthsOf = (scores: readonly Score[], agentId: string) => scores.filter((s) => s.agentId === agentId && s.kind === "month");

/** The agent's first scored week's Monday, "" when there is none. */
function firstWeek(weeks: readonly Score[]): string {
  return weeks.reduce((min, s) => (s.start && (!min || s.start < min) ? s.start : min), "");
}

/** One row per Monday given, from the agent's week records. */
export function weekRows(scores: readonly Score[], agentId: string, mondays: readonly string[]): WeekRow[] {
  const weeks = weeksOf(scores, agentId);
  const first = firstWeek(weeks);
  return mondays.map((start) => {
    const s = weeks.find((w) => w.start === start);
    const before = !first || start < first;
    return {
      start,
      label: s?.period || isoWeek(start),
      score: s ? s.score : before ? null : 0,
      band: s?.band ?? "",
      visits: s?.counts["visit"] ?? 0,
      deals: s?.counts["deal"] ?? 0,
      premium: s?.premium ?? 0,
      pendingDays: s?.pendingDays ?? 0,
      approvedDays: s?.approvedDays ?? 0,
      recorded: s !== undefined,
    };
  });
}

export interface DayVisits {
  day: string;
  /** Visits counted that day (approved days only); null for days to come or before the agent's first week. */
  visits: number | null;
}

/** Visits of each day of the weeks given, from the week records' days. */
export function dailyVisits(scores: readonly Score[], agentId: string, mondays: readonly string[], today: string): DayVisits[] {
  const weeks = weeksOf(scores, agentId);
  const first = firstWeek(weeks);
  const visits = new Map<string, number>();
  for (const s of weeks) for (const d of s.days) visits.set(d.day, d.counts?.["visit"] ?? 0);
  const out: DayVisits[] = [];
  for (const monday of mondays) {
    for (let i = 0; i < 7; i++) {
      const day = addDays(monday, i);
      const none = day > today || !first || day < first;
      out.push({ day, visits: none ? null : (visits.get(day) ?? 0) });
    }
  }
  return out;
}

export interface MonthRow {
  month: string;
  /** null when the server wrote no record for the month. */
  score: number | null;
  band: string;
  calls: number;
  appointments: number;
  visits: number;
  deals: number;
  premium: number;
  /** deals ÷ visits; null without visits. */
  closeRate: number | null;
  /** appointments ÷ calls; null without calls. */
  appointmentSuccess: number | null;
  pendingDays: number;
}

/** One row per month given, from the agent's month records. */
export function monthRows(scores: readonly Score[], agentId: string, months: readonly string[]): MonthRow[] {
  const mine = monthsOf(scores, agentId);
  return months.map((month) => {
    const s = mine.find((m) => m.period === month);
    const n = (k: string) => s?.counts[k] ?? 0;
    return {
      month,
      score: s ? s.score : null,
      band: s?.band ?? "",
      calls: n("call"),
      appointments: n("appointment"),
      visits: n("visit"),
      deals: n("deal"),
      premium: s?.premium ?? 0,
      closeRate: rate(n("deal"), n("visit")),
      appointmentSuccess: rate(n("appointment"), n("call")),
      pendingDays: s?.pendingDays ?? 0,
    };
  });
}
