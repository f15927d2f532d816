// The supervisor's weekly 100-point table: every active agent of the team
// with the week's scores record the server wrote (synced to this device,
// so it shows offline), ranked as the server ranks; the dashboard and the
// meeting's weekly summary show it. Pure.

import { KINDS, type Member, type Score, type ScoreCategory } from "../data/model";
import type { Period } from "./period";
import { findScore } from "./scores";
import { localStandings, type StandingRow } from "./standings";

export interface DashboardRow extends StandingRow {
  /** The week's categories as scored; empty without a scores record. */
  categories: ScoreCategory[];
  /** Counted activities of the week by kind (approved days only). */
  counts: Record<string, number>;
  /** Days running on the daily visit target at the end of the week. */
  streak: number;
  /** Whether the server has written a scores record for the agent's week. */
  scored: boolean;
  /** Premium of the week's counted deals, in yuan. */
  premium: number;
  /** Days changed after approval: they still count what was approved, the change is pending. */
  amendedDays: number;
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
      premium: s?.premium ?? 0,
      amendedDays: s?.amendedDays ?? 0,
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

export interface Cell {
  actual: number;
  /** null when the week did not score the kind: the cell is the bare count. */
  target: number | null;
  points: number | null;
  /** What days not yet approved, or changed since approval, would change it by (0 when nothing). */
  pending: number;
}

/** An agent's cell of a kind: actual against target and the points, or only the count when the week did not score it; with what is pending. */
export function categoryCell(row: DashboardRow, kind: string): Cell {
  const c = row.categories.find((x) => x.kind === kind);
  const pending = row.pendingCounts[kind] ?? 0;
  return c
    ? { actual: c.actual, target: c.target, points: c.points, pending }
    : { actual: row.counts[kind] ?? 0, target: null, points: null, pending };
}

/** One figure of an agent's card on a phone: a column of the table. */
export interface Figure extends Cell {
  kind: string;
}

/**
 * An agent's week as the phone's card lists it: every column of the wide
 * table, categories first, then calls and deals (columnsOf always has
 * deals: 成交 is on every card, whatever the team scores).
 */
export function figuresOf(row: DashboardRow, columns: Columns): Figure[] {
  return [...columns.categories, ...columns.extras].map((kind) => ({ kind, ...categoryCell(row, kind) }));
}
