// The monthly review as GET /api/reviews/agent answers it (scoring.Review
// beside the team's averages), checked and renamed for the screen.

import { arr, awards, num, numOrNull, obj, str, type Award } from "../remote/json";

export interface TargetRow {
  kind: string;
  target: number;
  actual: number;
  /** actual ÷ target; null when there is no target. */
  rate: number | null;
}

export interface RatePoint {
  month: string;
  rate: number | null;
}

export interface FileGap {
  customerId: string;
  name: string;
  /** The parts a complete file needs and this one lacks (FILE_PARTS). */
  missing: string[];
}

export interface Alert {
  code: string;
  /** The problem tag to practise (TAGS). */
  focus: string;
  message: string;
  messageEn: string;
}

export interface TeamAverages {
  agents: number;
  visitsPerDay: number | null;
  closeRate: number | null;
  avgPremium: number | null;
  score: number | null;
  benchmark: { visitsPerDay: number | null; closeRate: number | null };
}

export interface MonthReview {
  month: string;
  score: number;
  band: string;
  targets: TargetRow[];
  visitCompletion: number | null;
  appointmentSuccess: number | null;
  closeRate: number | null;
  avgPremium: number | null;
  /** The close rate of the month and the two before it, oldest first. */
  closeRateTrend: RatePoint[];
  totalPremium: number;
  files: { complete: number; total: number; rate: number | null; gaps: FileGap[] };
  pendingDays: number;
  awards: Award[];
  alerts: Alert[];
  team: TeamAverages | null;
}

/** The review in an answer, or null when the answer is not one. */
export function parseReview(raw: unknown): MonthReview | null {
  const body = obj(raw);
  const r = obj(body["review"]);
  if (typeof r["month"] !== "string") return null;
  const rates = obj(r["rates"]);
  const files = obj(r["completeness"]);
  const team = body["team"] ? obj(body["team"]) : null;
  const bench = obj(team?.["benchmark"]);
  return {
    month: str(r["month"]),
    score: num(r["score"]),
    band: str(r["band"]),
    targets: arr(r["targets"]).map((t) => {
      const o = obj(t);
      return { kind: str(o["kind"]), target: num(o["target"]), actual: num(o["actual"]), rate: numOrNull(o["rate"]) };
    }),
    visitCompletion: numOrNull(r["visit_completion"]),
    appointmentSuccess: numOrNull(rates["appointment_success"]),
    closeRate: numOrNull(rates["close_rate"]),
    avgPremium: numOrNull(rates["avg_premium"]),
    closeRateTrend: arr(r["close_rate_trend"]).map((p) => ({ month: str(obj(p)["month"]), rate: numOrNull(obj(p)["rate"]) })),
    totalPremium: num(r["total_premium"]),
    files: {
      complete: num(files["complete"]),
      total: num(files["total"]),
      rate: numOrNull(files["rate"]),
      gaps: arr(files["gaps"]).map((g) => {
        const o = obj(g);
        return { customerId: str(o["customer_id"]), name: str(o["name"]), missing: arr(o["missing"]).map(str) };
      }),
    },
    pendingDays: num(r["pending_days"]),
    awards: awards(r["awards"]),
    alerts: arr(r["alerts"]).map((a) => {
      const o = obj(a);
      return { code: str(o["code"]), focus: str(o["focus"]), message: str(o["message"]), messageEn: str(o["message_en"]) };
    }),
    team: team && {
      agents: num(team["agents"]),
      visitsPerDay: numOrNull(team["visits_per_day"]),
      closeRate: numOrNull(team["close_rate"]),
      avgPremium: numOrNull(team["avg_premium"]),
      score: numOrNull(team["score"]),
      benchmark: { visitsPerDay: numOrNull(bench["visits_per_day"]), closeRate: numOrNull(bench["close_rate"]) },
    },
  };
}
