// What the meeting shows from the team's scores records on this device
// (offline-capable): the last working day's approved numbers or the week
// so far per agent, the week's awards and the week's best improvement. Pure.

import { addDays, KINDS, type Member, type Score } from "../../data/model";
import { weekPeriod, type Period } from "../../scoring/period";
import { findScore } from "../../scoring/scores";
import type { StandingRow } from "../../scoring/standings";

/**
 * The day the morning meeting looks back at: the last day before today
 * that is not the team's rest day (Monday's meeting looks at Friday when
 * the weekend is rest), as the week records mark rest days; a day no
 * record covers is taken as a working day.
 */
export function reportDay(today: string, scores: readonly Score[]): string {
  for (let back = 1; back <= 7; back++) {
    const day = addDays(today, -back);
    const marks = scores.filter((s) => s.kind === "week" && s.start <= day && s.end >= day).flatMap((s) => s.days.filter((d) => d.day === day));
    if (!marks.some((d) => d.rest)) return day;
  }
  return addDays(today, -1);
}

export interface NumbersLine {
  agentId: string;
  /** Counted (approved) activities by kind. */
  counts: Record<string, number>;
  /** For a day: the log's state ("" without a log). For the week so far: "" */
  state: string;
  /** Submitted days of the period not yet approved (amended ones too), so not yet counted as they stand. */
  pendingDays: number;
  /** What those days would change per kind once approved (negative where a change removed something). */
  pending: Record<string, number>;
  /** Days changed after approval: they count what was approved until reviewed again. */
  amendedDays: number;
}

/** Each agent's approved numbers of one day, from the week record holding it, with what is pending. */
export function dayNumbers(agents: readonly { agentId: string }[], scores: readonly Score[], day: string): NumbersLine[] {
  const week = weekPeriod(day);
  return agents.map(({ agentId }) => {
    const d = findScore(scores, agentId, week)?.days.find((x) => x.day === day);
    const state = d?.state ?? "";
    return {
      agentId,
      counts: d?.counts ?? {},
      state,
      pendingDays: state === "submitted" ? 1 : 0,
      pending: d?.pending ?? {},
      amendedDays: d?.amended ? 1 : 0,
    };
  });
}

/** Each agent's approved numbers of the week so far, with what is pending. */
export function weekNumbers(agents: readonly { agentId: string }[], scores: readonly Score[], week: Period): NumbersLine[] {
  return agents.map(({ agentId }) => {
    const s = findScore(scores, agentId, week);
    return {
      agentId,
      counts: s?.counts ?? {},
      state: "",
      pendingDays: s?.pendingDays ?? 0,
      pending: s?.pendingCounts ?? {},
      amendedDays: s?.amendedDays ?? 0,
    };
  });
}

/**
 * The kinds worth a column: visits and deals (成交) always, the others
 * when someone has some counted or pending, in the guide's order.
 */
export function numberKinds(lines: readonly NumbersLine[]): string[] {
  return KINDS.filter((k) => k === "visit" || k === "deal" || lines.some((l) => (l.counts[k] ?? 0) > 0 || (l.pending[k] ?? 0) !== 0));
}

export interface Improvement {
  agentId: string;
  name: string;
  score: number;
  previous: number;
  rise: number;
}

/**
 * The week's best improvement: the active agent whose score rose most
 * against their own previous week. Only agents scored in both weeks
 * compete (a newcomer's first week is no rise); ties go to the higher
 * score, then the name. Null when nobody rose.
 */
export function bestImprovement(week: Period, agents: readonly Member[], scores: readonly Score[]): Improvement | null {
  const previousWeek = weekPeriod(addDays(week.start, -7));
  let best: Improvement | null = null;
  for (const a of agents) {
    if (a.role !== "agent" || !a.active) continue;
    const now = findScore(scores, a.id, week);
    const before = findScore(scores, a.id, previousWeek);
    if (!now || !before) continue;
    const rise = Math.round((now.score - before.score) * 10) / 10;
    if (rise <= 0) continue;
    const c: Improvement = { agentId: a.id, name: a.name, score: now.score, previous: before.score, rise };
    if (!best || rise > best.rise || (rise === best.rise && (c.score > best.score || (c.score === best.score && c.name.localeCompare(best.name, "zh-CN") < 0)))) {
      best = c;
    }
  }
  return best;
}

export interface AwardGroup {
  kind: string;
  winners: { agentId: string; count: number; amount: number | null }[];
}

/** The week's awards by kind (streak first, then weekly progress, then any other), winners in rank order. */
export function weekAwards(rows: readonly StandingRow[]): AwardGroup[] {
  const groups: AwardGroup[] = [];
  for (const r of rows) {
    for (const a of r.awards) {
      let g = groups.find((x) => x.kind === a.kind);
      if (!g) groups.push((g = { kind: a.kind, winners: [] }));
      const w = g.winners.find((x) => x.agentId === r.agentId);
      if (w) {
        w.count++;
        if (a.amount !== undefined) w.amount = (w.amount ?? 0) + a.amount;
      } else {
        g.winners.push({ agentId: r.agentId, count: 1, amount: a.amount ?? null });
      }
    }
  }
  const rank = (k: string) => ["streak", "weekly_progress"].indexOf(k) + 1 || 3;
  return groups.sort((a, b) => rank(a.kind) - rank(b.kind));
}
