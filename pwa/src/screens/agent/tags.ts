// The problems an agent logged, by tag and week: what they keep running
// into, and whether a coaching focus is working (fewer problems of its tag
// in the weeks after the note). Pure: callers pass today.

import { addDays, mondayOf, TAGS, type DayLog, type Tag } from "../../data/model";

export interface TagRow {
  tag: Tag;
  /** Problems of the tag in each week given, in the same order. */
  perWeek: number[];
  total: number;
}

/**
 * Problems of each tag in each week (by the log's date); the tags met,
 * most frequent first, and of two as frequent the one met more lately.
 */
export function problemsByWeek(logs: readonly DayLog[], mondays: readonly string[]): TagRow[] {
  const col = new Map(mondays.map((m, i) => [m, i]));
  const rows = new Map<Tag, TagRow>();
  for (const log of logs) {
    if (!log.date) continue;
    const i = col.get(mondayOf(log.date));
    if (i === undefined) continue;
    for (const p of log.problems) {
      let row = rows.get(p.tag);
      if (!row) rows.set(p.tag, (row = { tag: p.tag, perWeek: mondays.map(() => 0), total: 0 }));
      row.perWeek[i]!++;
      row.total++;
    }
  }
  return [...rows.values()].sort((a, b) => b.total - a.total || lately(a, b) || TAGS.indexOf(a.tag) - TAGS.indexOf(b.tag));
}

/** Negative when a was met more in the latest week where the two differ. */
function lately(a: TagRow, b: TagRow): number {
  for (let i = a.perWeek.length - 1; i >= 0; i--) {
    const d = b.perWeek[i]! - a.perWeek[i]!;
    if (d !== 0) return d;
  }
  return 0;
}

export interface WeekCount {
  /** The week's Monday. */
  start: string;
  count: number;
}

export type Trend = "single" | "none" | "fewer" | "same" | "more";

export interface Progress {
  /** Problems of the focus tag in each week from the note's week to this week (the latest few). */
  weeks: WeekCount[];
  /**
   * single: only the note's own week so far; none: no problem of the tag
   * since the note; fewer / same / more: the latest week against the first.
   */
  trend: Trend;
  /** Whether the last week is the current one, still under way. */
  current: boolean;
}

/** At most this many weeks of progress are shown. */
export const PROGRESS_WEEKS = 8;

/** An agent's progress on a coaching focus: problems of the tag per week since the note. */
export function progressOn(logs: readonly DayLog[], tag: Tag, noteDay: string, today: string, max = PROGRESS_WEEKS): Progress {
  const thisWeek = mondayOf(today);
  const from = mondayOf(noteDay <= today ? noteDay : today);
  const mondays: string[] = [];
  for (let m = from; m <= thisWeek; m = addDays(m, 7)) mondays.push(m);
  const shown = mondays.slice(-max);
  const row = problemsByWeek(logs, shown).find((r) => r.tag === tag);
  const weeks = shown.map((start, i) => ({ start, count: row?.perWeek[i] ?? 0 }));
  const first = weeks[0]?.count ?? 0;
  const last = weeks[weeks.length - 1]?.count ?? 0;
  const trend: Trend =
    weeks.length < 2 ? "single" : !row ? "none" : last < first ? "fewer" : last > first ? "more" : "same";
  return { weeks, trend, current: shown[shown.length - 1] === thisWeek };
}
