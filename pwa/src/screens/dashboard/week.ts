// The supervisor's weekly 100-point table: every active agent of the team
// with the week's scores record the server wrote (synced to this device,
// so it shows offline), ranked as the server ranks. Pure.

import { KINDS, type Member, type Score, type ScoreCategory } from "../../data/model";
import type { Period } from "../me/period";
import { findScore } from "../me/scores";
import { localStandings, type StandingRow } from "../team/standings";

export interface DashboardRow extends StandingRow {
  /** The week's categories as scored; empty without a scores record. */
  categories: ScoreCategory[];
  /** Counted activities of the week by kind (approved days only). */
  counts: Record<string, number>;
  /** Days running on the daily visit target at the end of the week. */
  streak: number;
  /** Whether the server has written a scores record for the agent's week. */
  scored: boolean;
}

/** The week's rows, best first. Agents without a record score 0, as on the server. */
export function dashboardRows(period: Period, agents: readonly Member[], scores: readonly Score[], today: string): DashboardRow[] {
  return localStandings(period, agents, scores, today).rows.map((row) => {
    const s = findScore(scores, row.agentId, period);
    return {
      ...row,
      categories: s?.categories ?? [],
      counts: s?.counts ?? {},
      streak: s?.streakOut ?? 0,
      scored: s !== null,
    };
  });
}

const order = (k: string) => {
  const i = (KINDS as readonly string[]).indexOf(k);
  return i < 0 ? KINDS.length : i;
};

export interface Columns {
  /** The weekly table's categories, in the guide's order (kinds it does not know last). */
  categories: string[];
  /** Counts shown beside them that the table does not score (calls, deals). */
  extras: string[];
}

/**
 * The table's columns: the categories the agents' weeks were scored with,
 * then calls and deals. A week nobody has scored yet shows the counts the
 * supervisor asks about first: visits, calls, deals.
 */
export function columnsOf(rows: readonly DashboardRow[]): Columns {
  const seen: string[] = [];
  for (const r of rows) for (const c of r.categories) if (!seen.includes(c.kind)) seen.push(c.kind);
  const categories = seen.sort((a, b) => order(a) - order(b) || (a < b ? -1 : a > b ? 1 : 0));
  if (categories.length === 0) return { categories, extras: ["visit", "call", "deal"] };
  return { categories, extras: ["call", "deal"].filter((k) => !categories.includes(k)) };
}

/** An agent's cell of a category: actual against target and the points, or only the count when the week did not score it. */
export function categoryCell(row: DashboardRow, kind: string): { actual: number; target: number | null; points: number | null } {
  const c = row.categories.find((x) => x.kind === kind);
  return c ? { actual: c.actual, target: c.target, points: c.points } : { actual: row.counts[kind] ?? 0, target: null, points: null };
}
