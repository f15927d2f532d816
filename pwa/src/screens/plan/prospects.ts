// Plan 100's list: which prospects a view shows and in what order. Pure, so
// the 5,000-name case is tested here rather than in a browser. The screen
// sorts when the list or the order changes and filters the sorted list as
// the agent types, which keeps the order of equal rows stable too.

import { GRADES, isOpen, isPriority, type Grade, type Prospect, type Stage } from "../../data/model";

export type StageFilter = "open" | "all" | Stage;
export type GradeFilter = "all" | Grade;
export type SourceFilter = "all" | "referral" | "other";
export type ProspectOrder = "priority" | "name" | "newest" | "followUp";

export interface Filters {
  query: string;
  stage: StageFilter;
  grade: GradeFilter;
  source: SourceFilter;
}

/** What the list shows at first: the names still in play. */
export const DEFAULT_FILTERS: Filters = { query: "", stage: "open", grade: "all", source: "all" };

/** Whether a prospect matches what was typed: part of the name or referrer, or digits of the phone. */
export function matchesQuery(p: Prospect, query: string): boolean {
  const q = query.trim().toLocaleLowerCase();
  if (!q) return true;
  if (p.name.toLocaleLowerCase().includes(q) || p.referrer.toLocaleLowerCase().includes(q)) return true;
  const digits = q.replace(/[\s+-]/g, "");
  return /^\d+$/.test(digits) && p.phone.replace(/\D/g, "").includes(digits);
}

export function filterProspects(list: readonly Prospect[], f: Filters): Prospect[] {
  return list.filter(
    (p) =>
      (f.stage === "all" || (f.stage === "open" ? isOpen(p) : p.stage === f.stage)) &&
      (f.grade === "all" || p.grade === f.grade) &&
      (f.source === "all" || p.source === f.source) &&
      matchesQuery(p, f.query),
  );
}

/** The three scores added up; a score not given counts as 0. */
function scoreSum(p: Prospect): number {
  return (p.need ?? 0) + (p.wealth ?? 0) + (p.trust ?? 0);
}

/**
 * When the name was added, for "newest first". created_at is the server's:
 * a name added on this phone and not yet synced has none, and is the newest.
 */
function addedAt(p: Prospect): number {
  const ms = Date.parse(p.createdAt);
  return Number.isNaN(ms) ? Infinity : ms;
}

/** A follow-up day as sort keys: with one first, the soonest first. */
function followUpKey(day: string | undefined): number[] {
  return day ? [0, Number(day.replaceAll("-", ""))] : [1, 0];
}

const gradeRank = (g: Grade | null) => (g === null ? GRADES.length : GRADES.indexOf(g));
const ascending = (a: number, b: number) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Prospects in an order. "priority": the A names scoring 8+ on all three,
 * then by grade (no grade last), then by the sum of the scores. "name": in
 * the language's collation (pinyin for Chinese). "newest": added last first.
 * "followUp": by the day of the next follow-up (`next`, by "p:<id>", from
 * data/followUps.ts), the soonest (the overdue) first, names without one last.
 * Ties go by name, then id, so the order never jumps between renders.
 */
export function sortProspects(
  list: readonly Prospect[],
  order: ProspectOrder,
  compareNames: (a: string, b: string) => number,
  next: ReadonlyMap<string, string> = new Map(),
): Prospect[] {
  // Each key (smaller first) is computed once per prospect, not once per comparison.
  const rows = list.map((p) => ({
    p,
    key:
      order === "priority"
        ? [isPriority(p) ? 0 : 1, gradeRank(p.grade), -scoreSum(p)]
        : order === "newest"
          ? [-addedAt(p)]
          : order === "followUp"
            ? followUpKey(next.get(`p:${p.id}`))
            : [],
  }));
  rows.sort((a, b) => {
    for (let i = 0; i < a.key.length; i++) {
      const d = ascending(a.key[i]!, b.key[i]!);
      if (d !== 0) return d;
    }
    return compareNames(a.p.name, b.p.name) || (a.p.id < b.p.id ? -1 : a.p.id > b.p.id ? 1 : 0);
  });
  return rows.map((r) => r.p);
}

/** The count line: all names, and those still in play. */
export function countOpen(list: readonly Prospect[]): { total: number; open: number } {
  return { total: list.length, open: list.filter(isOpen).length };
}
