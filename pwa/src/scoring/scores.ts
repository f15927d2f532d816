// The agent's own scores records (written by the server, synced to this
// phone) shaped for the week and month views and their charts, and the
// lookups the team's screens share (findScore, bandOf). Pure.

import type { Score } from "../data/model";
import { daysOf, isoWeek, mondaysIn, monthPeriod, type Period } from "./period";
import type { RatePoint } from "./review";

/** The scores record of an agent for a period, or null when the server has written none. */
export function findScore(scores: readonly Score[], agentId: string, p: Period): Score | null {
  return (
    scores.find(
      (s) => s.agentId === agentId && s.kind === p.kind && (p.kind === "week" ? s.start === p.start : s.period === p.label),
    ) ?? null
  );
}

/** A score's band (docs/scoring.md), for when a record or answer lacks one. */
export function bandOf(score: number): "excellent" | "qualified" | "coaching" {
  return score >= 80 ? "excellent" : score >= 60 ? "qualified" : "coaching";
}

export interface StripDay {
  day: string;
  /** Visits counted that day (approved days only). */
  visits: number;
  /** The visits reached the daily visit target. */
  met: boolean;
  /** The work log's state; "" when the agent wrote none. */
  state: string;
  rest: boolean;
  /** Changed after approval: `visits` are still the approved ones until it is reviewed again. */
  amended: boolean;
  /** What the day's visits would change by once (re)approved; 0 when nothing is pending. */
  pendingVisits: number;
}

/** The seven days of a scored week, Monday first, whatever days the record lists. */
export function dayStrip(week: Score): StripDay[] {
  const byDay = new Map(week.days.map((d) => [d.day, d]));
  return daysOf({ kind: "week", start: week.start, end: week.end, label: week.period }).map((day) => {
    const d = byDay.get(day);
    return {
      day,
      visits: d?.counts?.["visit"] ?? 0,
      met: d?.met === true,
      state: d?.state ?? "",
      rest: d?.rest === true,
      amended: d?.amended === true,
      pendingVisits: d?.pending?.["visit"] ?? 0,
    };
  });
}

export interface WeekPoint {
  /** The week's Monday. */
  start: string;
  label: string;
  /** null for a week that has not started. */
  score: number | null;
}

/**
 * The scores of the weeks a month's score averages (those starting in it).
 * A started week without a record had nothing approved: it scores 0, as it
 * does in the month's mean.
 */
export function weeklyScores(scores: readonly Score[], agentId: string, month: string, today: string): WeekPoint[] {
  return mondaysIn(month).map((start) => {
    const s = scores.find((x) => x.agentId === agentId && x.kind === "week" && x.start === start);
    return { start, label: isoWeek(start), score: s ? s.score : start <= today ? 0 : null };
  });
}

export interface DayPoint {
  day: string;
  /** Visits counted that day; null for a day still to come. */
  visits: number | null;
}

/** Visits counted on each day of a month, from the week records that overlap it. */
export function dailyVisits(scores: readonly Score[], agentId: string, month: string, today: string): DayPoint[] {
  const p = monthPeriod(month);
  const visits = new Map<string, number>();
  for (const s of scores) {
    if (s.agentId !== agentId || s.kind !== "week" || s.end < p.start || s.start > p.end) continue;
    for (const d of s.days) visits.set(d.day, d.counts?.["visit"] ?? 0);
  }
  return daysOf(p).map((day) => ({ day, visits: day > today ? null : (visits.get(day) ?? 0) }));
}

export interface RateMonth {
  month: string;
  closeRate: number | null;
  /** Appointments ÷ calls of the month, from its local record; null without calls. */
  appointmentSuccess: number | null;
}

/** The review's close-rate trend beside each month's appointment success, which the review gives for its own month only. */
export function rateTrend(trend: readonly RatePoint[], scores: readonly Score[], agentId: string): RateMonth[] {
  return trend.map(({ month, rate }) => {
    const s = scores.find((x) => x.agentId === agentId && x.kind === "month" && x.period === month);
    const calls = s?.counts["call"] ?? 0;
    return { month, closeRate: rate, appointmentSuccess: s && calls > 0 ? (s.counts["appointment"] ?? 0) / calls : null };
  });
}

/** Visits per approved day of a month record; null before any day was approved. */
export function visitsPerDay(month: Score | null): number | null {
  return month && month.approvedDays > 0 ? (month.counts["visit"] ?? 0) / month.approvedDays : null;
}
