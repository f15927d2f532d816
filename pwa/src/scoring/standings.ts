// The team's standings: GET /api/standings's answer read for the screen,
// and the same table built from this phone's copy of the team's scores and
// members records when the server cannot be reached. Scores and counts
// only: standings never carry anyone's customers. Pure.

import type { Member, Score } from "../data/model";
import { arr, awards, counts, num, obj, str, type Award } from "../remote/json";
import type { Period } from "./period";
import { bandOf } from "./scores";

export interface StandingRow {
  agentId: string;
  name: string;
  score: number;
  band: string;
  /** 1, 2, 2, 4 …: agents tied on score, visits and deals share a rank. */
  rank: number;
  visits: number;
  deals: number;
  /** Submitted days not yet approved, so not yet counted. */
  pendingDays: number;
  /** What those days (and approved days changed since) would add per kind once approved; negative where a change removed something. */
  pendingCounts: Record<string, number>;
  awards: Award[];
}

export interface Standings {
  period: Period;
  rows: StandingRow[];
  /** The monthly activity champion's agent id, once the month is over and one is named. */
  champion: string | null;
}

export const CHAMPION = "monthly_champion";

function championOf(rows: readonly StandingRow[]): string | null {
  return rows.find((r) => r.awards.some((a) => a.kind === CHAMPION))?.agentId ?? null;
}

/** GET /api/standings's answer, or null when it is not one. */
export function parseStandings(raw: unknown): Standings | null {
  const body = obj(raw);
  const p = obj(body["period"]);
  const kind = p["kind"];
  if ((kind !== "week" && kind !== "month") || !Array.isArray(body["entries"])) return null;
  const rows = arr(body["entries"]).map((e): StandingRow => {
    const o = obj(e);
    const c = counts(o["counts"]);
    const score = num(o["score"]);
    return {
      agentId: str(o["agent_id"]),
      name: str(o["name"]),
      score,
      band: str(o["band"]) || bandOf(score),
      rank: num(o["rank"]),
      visits: c["visit"] ?? 0,
      deals: c["deal"] ?? 0,
      pendingDays: num(o["pending_days"]),
      pendingCounts: counts(o["pending_counts"]),
      awards: awards(o["awards"]),
    };
  });
  return { period: { kind, start: str(p["start"]), end: str(p["end"]), label: str(p["label"]) }, rows, champion: championOf(rows) };
}

/**
 * Orders rows by score, then visits, then deals (names order the tied
 * ones) and numbers them as the server's scoring.Rank does.
 */
export function rank(rows: readonly StandingRow[]): StandingRow[] {
  const tied = (a: StandingRow, b: StandingRow) => a.score === b.score && a.visits === b.visits && a.deals === b.deals;
  const sorted = [...rows].sort(
    (a, b) =>
      b.score - a.score ||
      b.visits - a.visits ||
      b.deals - a.deals ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
      (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0),
  );
  const out: StandingRow[] = [];
  sorted.forEach((r, i) => {
    const prev = out[i - 1];
    out.push({ ...r, rank: prev && tied(prev, r) ? prev.rank : i + 1 });
  });
  return out;
}

/**
 * The standings from the team's records on this phone: every active agent
 * (one without a record scores 0, as on the server), ranked. A month's
 * champion is crowned as the server does — once the month is over, the
 * single top score above 0 — without the amount, a team setting this
 * phone does not hold.
 */
export function localStandings(period: Period, members: readonly Member[], scores: readonly Score[], today: string): Standings {
  const mine = (s: Score, agentId: string) =>
    s.agentId === agentId && s.kind === period.kind && (period.kind === "week" ? s.start === period.start : s.period === period.label);
  let rows = rank(
    members
      .filter((m) => m.role === "agent" && m.active)
      .map((m): StandingRow => {
        const s = scores.find((x) => mine(x, m.id));
        const score = s?.score ?? 0;
        return {
          agentId: m.id,
          name: m.name,
          score,
          band: s?.band || bandOf(score),
          rank: 0,
          visits: s?.counts["visit"] ?? 0,
          deals: s?.counts["deal"] ?? 0,
          pendingDays: s?.pendingDays ?? 0,
          pendingCounts: s?.pendingCounts ?? {},
          awards: s?.awards ?? [],
        };
      }),
  );
  const [first, second] = rows;
  if (period.kind === "month" && today > period.end && first && first.score > 0 && second?.rank !== 1) {
    const crowned: Award = { kind: CHAMPION, day: period.end };
    rows = rows.map((r) => (r === first ? { ...r, awards: [...r.awards, crowned] } : r));
  }
  return { period, rows, champion: championOf(rows) };
}
