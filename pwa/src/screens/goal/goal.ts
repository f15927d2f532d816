// The goal calculator (docs/scoring.md "Goal calculator"): the performance
// formula run here when the server cannot be reached, the server's answer
// read for the screen, the form's checks, and the month's `goals` record.
// Pure: the screen passes the records in.

import type { Score } from "../../data/model";
import { num, numOrNull, obj, str } from "../../remote/json";
import { shiftMonth } from "../../scoring/period";
import { canonicalJSON, type Fields, type LocalRecord, type NewChange } from "../../sync";

export interface Assumptions {
  /** First-year commission, 0.5 for 50%. */
  commissionRate: number;
  /** Yuan a policy. */
  avgPremium: number;
  /** Deals ÷ visits. */
  closeRate: number;
  visitsPerDay: number;
}
export type AssumptionName = keyof Assumptions;
export const ASSUMPTIONS: readonly AssumptionName[] = ["commissionRate", "avgPremium", "closeRate", "visitsPerDay"];

/** The guide's figures, used when the agent gives none and has no three months of history. */
export const DEFAULTS: Assumptions = { commissionRate: 0.5, avgPremium: 5000, closeRate: 0.05, visitsPerDay: 4 };
export const DEFAULT_INCOME = 10_000;

/** Where an assumption came from: typed in, the agent's last three months, or the guide. */
export type Source = "given" | "history" | "default";

/** The API's and the goals record's names for the assumptions. */
const WIRE: Record<AssumptionName, string> = {
  commissionRate: "commission_rate",
  avgPremium: "avg_premium",
  closeRate: "close_rate",
  visitsPerDay: "visits_per_day",
};

export interface Goal {
  premium: number;
  deals: number;
  visits: number;
  days: number;
}

export interface GoalResult extends Goal {
  income: number;
  assumptions: Assumptions;
  sources: Record<AssumptionName, Source>;
  /** Plan 100 names neither closed nor dropped. */
  openProspects: number;
  /** Plan 100 holds at least as many open names as the visits needed. */
  enough: boolean;
  /** Computed on this phone (offline), not by the server. */
  local: boolean;
}

/**
 * Rounds up, forgiving floating-point error: 4 ÷ 0.05 is 80 visits, not 81
 * (as the server does). Never below 0, which also turns the -0 of
 * ceil(-1e-9) into a 0 that formats as "0".
 */
const ceil = (x: number) => Math.max(0, Math.ceil(x - 1e-9));
const round2 = (x: number) => Math.round(x * 100) / 100;

/** income ÷ commission = premium; ÷ average premium = deals; ÷ close rate = visits; ÷ visits a day = days. */
export function calculateGoal(income: number, a: Assumptions): Goal {
  const premium = round2(income / a.commissionRate);
  const deals = ceil(premium / a.avgPremium);
  const visits = ceil(deals / a.closeRate);
  return { premium, deals, visits, days: ceil(visits / a.visitsPerDay) };
}

/**
 * The agent's close rate and average premium over the three months before
 * `month`, as the server offers them: only when each month has approved
 * days and together they hold visits and deals.
 */
export function trailingRates(monthScores: readonly Score[], agentId: string, month: string): Pick<Assumptions, "closeRate" | "avgPremium"> | null {
  let visits = 0;
  let deals = 0;
  let premium = 0;
  for (const m of [3, 2, 1].map((n) => shiftMonth(month, -n))) {
    const s = monthScores.find((x) => x.agentId === agentId && x.kind === "month" && x.period === m);
    if (!s || s.approvedDays === 0) return null;
    visits += s.counts["visit"] ?? 0;
    deals += s.counts["deal"] ?? 0;
    premium += s.premium;
  }
  // More deals than visits (deals recorded without their visit) would be a
  // close rate over 100%, which no formula or goals record accepts.
  return visits > 0 && deals > 0 ? { closeRate: Math.min(1, deals / visits), avgPremium: premium / deals } : null;
}

/** The calculator run on this phone: what the agent typed, else their history, else the guide's figures. */
export function localGoal(
  income: number,
  given: Partial<Assumptions>,
  past: Pick<Assumptions, "closeRate" | "avgPremium"> | null,
  openProspects: number,
): GoalResult {
  const assumptions = { ...DEFAULTS };
  const sources = {} as Record<AssumptionName, Source>;
  for (const name of ASSUMPTIONS) {
    const typed = given[name];
    const fromHistory = name === "closeRate" || name === "avgPremium" ? past?.[name] : undefined;
    if (typed !== undefined) [assumptions[name], sources[name]] = [typed, "given"];
    else if (fromHistory !== undefined) [assumptions[name], sources[name]] = [fromHistory, "history"];
    else sources[name] = "default";
  }
  const goal = calculateGoal(income, assumptions);
  return { ...goal, income, assumptions, sources, openProspects, enough: openProspects >= goal.visits, local: true };
}

/** The server's URL for the calculator: the assumptions left out are the server's to fill. */
export function goalPath(income: number, given: Partial<Assumptions>): string {
  const q = new URLSearchParams({ income: String(income) });
  for (const name of ASSUMPTIONS) {
    const v = given[name];
    if (v !== undefined) q.set(WIRE[name], String(v));
  }
  return `/api/goal-calculator?${q}`;
}

/** GET /api/goal-calculator's answer, or null when it is not one. */
export function parseGoalAnswer(raw: unknown, income: number): GoalResult | null {
  const body = obj(raw);
  const deals = numOrNull(body["deals"]);
  const visits = numOrNull(body["visits"]);
  if (deals === null || visits === null) return null;
  const used = obj(body["assumptions"]);
  const sources = obj(body["sources"]);
  const assumptions = { ...DEFAULTS };
  const sourceOf = {} as Record<AssumptionName, Source>;
  for (const name of ASSUMPTIONS) {
    assumptions[name] = numOrNull(used[WIRE[name]]) ?? DEFAULTS[name];
    const s = str(sources[WIRE[name]]);
    sourceOf[name] = s === "given" || s === "history" ? s : "default";
  }
  const openProspects = num(body["open_prospects"]);
  return {
    premium: num(body["premium"]),
    deals,
    visits,
    days: num(body["days"]),
    income,
    assumptions,
    sources: sourceOf,
    openProspects,
    enough: body["enough_prospects"] === true,
    local: false,
  };
}

/** What the form holds: text as typed, percentages as percent. */
export interface GoalForm {
  income: string;
  commissionRate: string;
  avgPremium: string;
  closeRate: string;
  visitsPerDay: string;
}
export type FormField = keyof GoalForm;
export type FormError = "required" | "number" | "range";

/**
 * The limits of each input, in the form's units. They are the goals
 * record's (sync/rules), so that any goal the calculator shows can be saved.
 */
export const LIMITS: Record<FormField, { min: number; max: number }> = {
  income: { min: 0, max: 100_000_000 },
  commissionRate: { min: 1, max: 100 },
  avgPremium: { min: 1, max: 100_000_000 },
  closeRate: { min: 0.1, max: 100 },
  visitsPerDay: { min: 0.1, max: 100 },
};
const PERCENT: readonly FormField[] = ["commissionRate", "closeRate"];

export type FormCheck =
  | { ok: true; income: number; given: Partial<Assumptions> }
  | { ok: false; errors: Partial<Record<FormField, FormError>> };

/** Reads the form: income is required; an empty assumption is left for the server (or this phone) to fill. */
export function readForm(form: GoalForm): FormCheck {
  const errors: Partial<Record<FormField, FormError>> = {};
  const values: Partial<Record<FormField, number>> = {};
  for (const field of Object.keys(LIMITS) as FormField[]) {
    // Accept the full-width digits and separators of Chinese keyboards.
    const text = form[field]
      .trim()
      .replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
      .replace(/[,，\s%％¥￥]/g, "");
    if (text === "") {
      if (field === "income") errors[field] = "required";
      continue;
    }
    const n = Number(text);
    if (!Number.isFinite(n)) errors[field] = "number";
    else if (n < LIMITS[field].min || n > LIMITS[field].max) errors[field] = "range";
    else values[field] = PERCENT.includes(field) ? n / 100 : n;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const given: Partial<Assumptions> = {};
  for (const name of ASSUMPTIONS) {
    const v = values[name];
    if (v !== undefined) given[name] = v;
  }
  return { ok: true, income: values.income ?? DEFAULT_INCOME, given };
}

/**
 * The agent's goal for a month already on this phone. Two phones offline
 * may each have made one; the server reads them in id order and the last
 * one's targets win, so the same one is chosen here.
 */
export function monthGoal(goals: readonly LocalRecord[], agentId: string, month: string): LocalRecord | null {
  const mine = goals.filter(
    (g) => g.fields["period"] === month && (g.fields["owner_id"] === agentId || g.fields["agent_id"] === agentId),
  );
  return mine.reduce<LocalRecord | null>((last, g) => (last === null || g.id > last.id ? g : last), null);
}

/**
 * The change that makes a result the month's goal: the existing record's
 * changed fields only (the merge is per field, so an unchanged field sent
 * again could overwrite a supervisor's newer edit), or a new record. Other
 * kinds' targets in the record are kept. null when nothing would change.
 */
export function goalChange(existing: LocalRecord | null, agentId: string, month: string, r: GoalResult, newId: () => string): NewChange | null {
  const old = existing?.fields ?? {};
  const want: Fields = {
    targets: { ...obj(old["targets"]), deal: r.deals, visit: r.visits },
    income_target: r.income,
    assumptions: Object.fromEntries(ASSUMPTIONS.map((name) => [WIRE[name], r.assumptions[name]])),
  };
  if (!existing) return { collection: "goals", id: newId(), fields: { agent_id: agentId, period: month, ...want } };
  const fields: Fields = {};
  for (const [name, value] of Object.entries(want)) {
    if (canonicalJSON(value) !== canonicalJSON(old[name])) fields[name] = value;
  }
  return Object.keys(fields).length > 0 ? { collection: "goals", id: existing.id, fields } : null;
}
