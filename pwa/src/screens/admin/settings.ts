// A team's settings (docs/api.md "Admin", settings.go) as the settings form holds
// them and as the server takes them (the scoring rules and how long Plan 100
// names are kept): the form's text ↔ the JSON, the checks
// of each field, the live sum of the weekly table's weights, and a mirror of
// TeamSettings.Validate run on what is about to be sent. Pure.

import { KINDS, type Kind } from "../../data/model";
import { checkWhole, parseDecimal, type Problem } from "./problems";

export const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * How meeting mode shows the agents' names (settings.go standings.names:
 * all, hidden, neighbours): all, none (1号, 2号…), or only the agent the
 * supervisor picks and those ranked beside them.
 */
export const MEETING_NAMES = ["show", "hide", "neighbours"] as const;
export type MeetingNames = (typeof MEETING_NAMES)[number];

/** The form's award fields, in yuan, and their JSON names. */
export const AWARDS = [
  ["awardStreak", "streak"],
  ["awardWeeklyProgress", "weekly_progress"],
  ["awardMonthlyChampion", "monthly_champion"],
] as const;
export type AwardField = (typeof AWARDS)[number][0];

/** The server's limits (settings.go), and ours where it has none. */
export const LIMITS = {
  weight: { min: 0, max: 100 },
  target: { min: 0, max: 10_000 },
  dailyVisitTarget: { min: 0, max: 100 },
  /** The server has no maximum; a million yuan catches a slipped finger. */
  award: { min: 0, max: 1_000_000 },
  /** The server has no maximum; nobody makes a thousand visits a day. */
  visitsPerDay: { min: 0, max: 1_000 },
  closeRatePercent: { min: 0, max: 100 },
  /** retention.prospect_months: 0 keeps names for ever, else this range. */
  prospectMonths: { min: 6, max: 120 },
} as const;

/** The weights must sum to 100, within the server's tolerance. */
const SUM_TOLERANCE = 0.001;

/** The settings as the form's inputs hold them: text, so nothing typed is lost. */
export interface SettingsForm {
  timeZone: string;
  /** Every activity kind; a kind with neither a weight nor a target is not in the table. */
  weights: Record<Kind, string>;
  targets: Record<Kind, string>;
  dailyVisitTarget: string;
  restDays: Weekday[];
  awardStreak: string;
  awardWeeklyProgress: string;
  awardMonthlyChampion: string;
  visitsPerDay: string;
  /** The benchmark close rate in percent (the JSON holds a fraction). */
  closeRate: string;
  meetingNames: MeetingNames;
  /** Months after which a Plan 100 name with nothing happening is dormant; 0 keeps names for ever. */
  prospectMonths: string;
}

/** The settings' JSON as GET answers it and PUT takes it; fields this version does not know are kept. */
export type SettingsJSON = Record<string, unknown>;

/** A field of the form that can have a problem: the form's own names, and weight-<kind> / target-<kind>. */
export type SettingsField =
  | "timeZone"
  | `weight-${Kind}`
  | `target-${Kind}`
  | "dailyVisitTarget"
  | AwardField
  | "visitsPerDay"
  | "closeRate"
  | "prospectMonths";

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const text = (v: unknown): string => (v === null ? "" : String(v));

/** A number as the form writes it: no float noise (0.07 × 100 is 7.000000000000001). */
export function formNumber(n: number): string {
  return String(Number(n.toPrecision(12)));
}

/** The guide's rules (fieldbook.DefaultSettings), for fields an answer leaves out. */
export const DEFAULT_SETTINGS: SettingsJSON = {
  time_zone: "Asia/Shanghai",
  weekly_table: [
    { kind: "prospect", weight: 12, target: 12 },
    { kind: "appointment", weight: 16, target: 16 },
    { kind: "visit", weight: 40, target: 20 },
    { kind: "sales_interview", weight: 16, target: 4 },
    { kind: "closing_interview", weight: 16, target: 2 },
  ],
  daily_visit_target: 4,
  rest_days: [],
  awards: { streak: 50, weekly_progress: 200, monthly_champion: 500 },
  benchmark: { visits_per_day: 20, close_rate: 0.08 },
  standings: { names: "all" },
  retention: { prospect_months: 24 },
};

/** The words of standings.names for each choice. */
const STANDINGS_NAMES: Record<MeetingNames, string> = { show: "all", hide: "hidden", neighbours: "neighbours" };

/**
 * How meeting mode shows names, from `standings.names`. Missing means
 * "show" (the default); a value this version does not know reads as
 * "hide", the safe reading on a shared screen (as the meeting screen reads it).
 */
export function meetingNamesOf(s: SettingsJSON): MeetingNames {
  const v = isRecord(s["standings"]) ? s["standings"]["names"] : undefined;
  if (typeof v !== "string" || v === "") return "show";
  return MEETING_NAMES.find((m) => STANDINGS_NAMES[m] === v) ?? "hide";
}

/** The form showing settings as the server answered them. */
export function settingsForm(s: SettingsJSON): SettingsForm {
  const weights = Object.fromEntries(KINDS.map((k) => [k, ""])) as Record<Kind, string>;
  const targets = { ...weights };
  const table = Array.isArray(s["weekly_table"]) ? s["weekly_table"] : (DEFAULT_SETTINGS["weekly_table"] as unknown[]);
  for (const row of table) {
    if (!isRecord(row) || !(KINDS as readonly unknown[]).includes(row["kind"])) continue;
    const kind = row["kind"] as Kind;
    const w = num(row["weight"]);
    const t = num(row["target"]);
    weights[kind] = w === null ? "" : formNumber(w);
    targets[kind] = t === null ? "" : formNumber(t);
  }
  const awards = isRecord(s["awards"]) ? s["awards"] : {};
  const bench = isRecord(s["benchmark"]) ? s["benchmark"] : {};
  const rest = Array.isArray(s["rest_days"]) ? s["rest_days"] : [];
  const retention = isRecord(s["retention"]) ? s["retention"] : {};
  const closeRate = num(bench["close_rate"]);
  const visitsPerDay = num(bench["visits_per_day"]);
  return {
    timeZone: typeof s["time_zone"] === "string" ? s["time_zone"] : "",
    weights,
    targets,
    dailyVisitTarget: text(num(s["daily_visit_target"])),
    restDays: WEEKDAYS.filter((d) => rest.includes(d)),
    awardStreak: text(num(awards["streak"])),
    awardWeeklyProgress: text(num(awards["weekly_progress"])),
    awardMonthlyChampion: text(num(awards["monthly_champion"])),
    visitsPerDay: visitsPerDay === null ? "" : formNumber(visitsPerDay),
    closeRate: closeRate === null ? "" : formNumber(closeRate * 100),
    meetingNames: meetingNamesOf(s),
    prospectMonths: text(num(retention["prospect_months"])),
  };
}

/** The weight the form gives a kind: an empty field is 0; null when it is not a number. */
function weightOf(form: SettingsForm, kind: Kind): number | null {
  const v = form.weights[kind].trim();
  return v === "" ? 0 : parseDecimal(v);
}

/** Where the weights stand against 100: the sum, and what is missing or over. */
export interface WeightSum {
  /** The sum of the weights that are numbers, rounded to 3 decimals. */
  sum: number;
  ok: boolean;
  /** 100 − sum when under, else 0. */
  missing: number;
  /** sum − 100 when over, else 0. */
  over: number;
  /** Some weight is not a number, so the sum cannot be trusted yet. */
  unreadable: boolean;
}

export function weightSum(form: SettingsForm): WeightSum {
  let sum = 0;
  let unreadable = false;
  for (const k of KINDS) {
    const w = weightOf(form, k);
    if (w === null) unreadable = true;
    else sum += w;
  }
  const rounded = Math.round(sum * 1000) / 1000;
  const ok = !unreadable && Math.abs(sum - 100) <= SUM_TOLERANCE;
  return {
    sum: rounded,
    ok,
    missing: ok ? 0 : Math.max(0, Math.round((100 - sum) * 1000) / 1000),
    over: ok ? 0 : Math.max(0, Math.round((sum - 100) * 1000) / 1000),
    unreadable,
  };
}

/** Points an activity of a kind earns (weight ÷ target, docs/scoring.md); null when it earns none. */
export function pointsEach(form: SettingsForm, kind: Kind): number | null {
  const w = weightOf(form, kind);
  const t = form.targets[kind].trim() === "" ? 0 : Number(form.targets[kind].trim());
  if (w === null || !w || !Number.isInteger(t) || t <= 0) return null;
  return w / t;
}

/**
 * The kinds with a weight but a weekly target of 0: the scoring leaves them
 * out and scales the other weights up to 100 (unless an agent set their own
 * target in their weekly goal).
 */
export function untargeted(form: SettingsForm): Kind[] {
  return KINDS.filter((k) => {
    const w = weightOf(form, k);
    const t = form.targets[k].trim();
    return w !== null && w > 0 && (t === "" || Number(t) === 0);
  });
}

/** A time zone the server may know: its IANA names are letters, digits, _ + - and /. */
const TIME_ZONE = /^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/;

/** The values a checked form holds. */
export interface SettingsValues {
  timeZone: string;
  weeklyTable: { kind: Kind; weight: number; target: number }[];
  dailyVisitTarget: number;
  restDays: Weekday[];
  awards: { streak: number; weekly_progress: number; monthly_champion: number };
  visitsPerDay: number;
  /** A fraction, 0–1. */
  closeRate: number;
  meetingNames: MeetingNames;
  prospectMonths: number;
}

export type SettingsCheck =
  | { ok: true; values: SettingsValues }
  | { ok: false; problems: Partial<Record<SettingsField, Problem>>; sum: WeightSum };

/**
 * Checks every field as the server will (settings.go Validate), each
 * problem under its own field, in the form's order. The weights' sum is a
 * problem of its own, shown live beside the table.
 */
export function checkSettings(form: SettingsForm): SettingsCheck {
  const problems: Partial<Record<SettingsField, Problem>> = {};
  const table: SettingsValues["weeklyTable"] = [];
  for (const kind of KINDS) {
    const w = form.weights[kind].trim();
    const t = form.targets[kind].trim();
    const weight = w === "" ? 0 : parseDecimal(w);
    if (weight === null) problems[`weight-${kind}`] = { code: "number" };
    else if (weight < LIMITS.weight.min || weight > LIMITS.weight.max) problems[`weight-${kind}`] = { code: "range", ...LIMITS.weight, whole: false };
    const tp = checkWhole(t, LIMITS.target.min, LIMITS.target.max);
    if (tp) problems[`target-${kind}`] = tp;
    const target = t === "" ? 0 : Number(t);
    // A kind with neither a weight nor a target is not in the table.
    if (weight !== null && !tp && (weight > 0 || target > 0)) table.push({ kind, weight, target });
  }
  const sum = weightSum(form);
  const whole = (field: SettingsField, value: string, lim: { min: number; max: number }): number => {
    const p = value.trim() === "" ? ({ code: "required" } as const) : checkWhole(value, lim.min, lim.max);
    if (p) problems[field] = p;
    return Number(value.trim());
  };
  const decimal = (field: SettingsField, value: string, lim: { min: number; max: number }): number => {
    const v = value.trim();
    const n = parseDecimal(v);
    if (v === "") problems[field] = { code: "required" };
    else if (n === null) problems[field] = { code: "number" };
    else if (n < lim.min || n > lim.max) problems[field] = { code: "range", ...lim, whole: false };
    return n ?? 0;
  };
  const tz = form.timeZone.trim();
  if (tz === "") problems.timeZone = { code: "required" };
  else if (!TIME_ZONE.test(tz)) problems.timeZone = { code: "timeZone" };
  const dailyVisitTarget = whole("dailyVisitTarget", form.dailyVisitTarget, LIMITS.dailyVisitTarget);
  const streak = whole("awardStreak", form.awardStreak, LIMITS.award);
  const weeklyProgress = whole("awardWeeklyProgress", form.awardWeeklyProgress, LIMITS.award);
  const monthlyChampion = whole("awardMonthlyChampion", form.awardMonthlyChampion, LIMITS.award);
  const visitsPerDay = decimal("visitsPerDay", form.visitsPerDay, LIMITS.visitsPerDay);
  const closePercent = decimal("closeRate", form.closeRate, LIMITS.closeRatePercent);
  const months = form.prospectMonths.trim();
  const { min, max } = LIMITS.prospectMonths;
  if (months === "") problems.prospectMonths = { code: "required" };
  else if (!/^\d+$/.test(months) || (Number(months) !== 0 && (Number(months) < min || Number(months) > max))) {
    problems.prospectMonths = { code: "retention", min, max };
  }
  if (Object.keys(problems).length > 0 || !sum.ok) return { ok: false, problems, sum };
  return {
    ok: true,
    values: {
      timeZone: tz,
      weeklyTable: table,
      dailyVisitTarget,
      restDays: WEEKDAYS.filter((d) => form.restDays.includes(d)),
      awards: { streak, weekly_progress: weeklyProgress, monthly_champion: monthlyChampion },
      visitsPerDay,
      closeRate: closePercent / 100,
      meetingNames: form.meetingNames,
      prospectMonths: Number(months),
    },
  };
}

/**
 * The whole settings to PUT: what the server answered, so that fields this
 * form does not edit (settings added later) are sent back as they came,
 * with the form's values over it.
 */
export function settingsJSON(v: SettingsValues, original: SettingsJSON): SettingsJSON {
  const awards = isRecord(original["awards"]) ? original["awards"] : {};
  const bench = isRecord(original["benchmark"]) ? original["benchmark"] : {};
  const out: SettingsJSON = {
    ...original,
    time_zone: v.timeZone,
    weekly_table: v.weeklyTable.map((r) => ({ kind: r.kind, weight: r.weight, target: r.target })),
    daily_visit_target: v.dailyVisitTarget,
    rest_days: [...v.restDays],
    awards: { ...awards, ...v.awards },
    benchmark: { ...bench, visits_per_day: v.visitsPerDay, close_rate: v.closeRate },
    standings: { ...(isRecord(original["standings"]) ? original["standings"] : {}), names: STANDINGS_NAMES[v.meetingNames] },
    retention: { ...(isRecord(original["retention"]) ? original["retention"] : {}), prospect_months: v.prospectMonths },
  };
  return out;
}

/** Whether the form differs from what the server holds. */
export function settingsChanged(form: SettingsForm, original: SettingsJSON): boolean {
  return JSON.stringify(normalised(form)) !== JSON.stringify(normalised(settingsForm(original)));
}

/** The form with the differences that do not matter taken out (spaces, "" against "0" in the table). */
function normalised(f: SettingsForm): unknown {
  const cell = (s: string) => {
    const v = s.trim();
    const n = parseDecimal(v);
    return v === "" ? 0 : (n ?? v);
  };
  const n = (s: string) => parseDecimal(s.trim()) ?? s.trim();
  return {
    ...f,
    timeZone: f.timeZone.trim(),
    weights: KINDS.map((k) => cell(f.weights[k])),
    targets: KINDS.map((k) => cell(f.targets[k])),
    restDays: WEEKDAYS.filter((d) => f.restDays.includes(d)),
    dailyVisitTarget: n(f.dailyVisitTarget),
    awardStreak: n(f.awardStreak),
    awardWeeklyProgress: n(f.awardWeeklyProgress),
    awardMonthlyChampion: n(f.awardMonthlyChampion),
    visitsPerDay: n(f.visitsPerDay),
    closeRate: n(f.closeRate),
    prospectMonths: n(f.prospectMonths),
  };
}

/**
 * TeamSettings.Validate (settings.go) over the JSON about to be sent: the
 * first problem's message, or null. The form's checks should make it pass;
 * it guards against the two drifting apart.
 */
export function validateSettings(s: SettingsJSON): string | null {
  const tz = s["time_zone"];
  if (typeof tz !== "string" || tz === "") return "time_zone is not a known IANA time zone";
  const table = s["weekly_table"];
  if (!Array.isArray(table) || table.length === 0) return "weekly_table needs at least one category";
  let sum = 0;
  const seen = new Set<unknown>();
  for (const r of table) {
    if (!isRecord(r) || !(KINDS as readonly unknown[]).includes(r["kind"])) return `weekly_table: ${String(isRecord(r) ? r["kind"] : r)} is not an activity kind`;
    if (seen.has(r["kind"])) return `weekly_table: ${String(r["kind"])} appears twice`;
    seen.add(r["kind"]);
    const w = num(r["weight"]);
    const t = num(r["target"]);
    if (w === null || w < 0 || w > 100) return `weekly_table: the weight of ${String(r["kind"])} must be from 0 to 100`;
    if (t === null || !Number.isInteger(t) || t < 0 || t > 10_000) return `weekly_table: the target of ${String(r["kind"])} must be from 0 to 10000`;
    sum += w;
  }
  if (sum < 100 - SUM_TOLERANCE || sum > 100 + SUM_TOLERANCE) return `weekly_table: the weights sum to ${sum}; they must sum to 100`;
  const dvt = num(s["daily_visit_target"]);
  if (dvt === null || !Number.isInteger(dvt) || dvt < 0 || dvt > 100) return "daily_visit_target must be from 0 to 100";
  const rest = s["rest_days"];
  if (!Array.isArray(rest) || rest.some((d) => !(WEEKDAYS as readonly unknown[]).includes(d))) return "rest_days must be weekday names such as sunday";
  const awards = isRecord(s["awards"]) ? s["awards"] : {};
  for (const [, name] of AWARDS) {
    const a = num(awards[name]);
    if (a === null || !Number.isInteger(a) || a < 0) return "awards must not be negative";
  }
  const bench = isRecord(s["benchmark"]) ? s["benchmark"] : {};
  const vpd = num(bench["visits_per_day"]);
  const cr = num(bench["close_rate"]);
  if (vpd === null || vpd < 0 || cr === null || cr < 0 || cr > 1) {
    return "benchmark: visits_per_day must not be negative and close_rate must be from 0 to 1";
  }
  if (!(isRecord(s["standings"]) && ["all", "hidden", "neighbours"].includes(s["standings"]["names"] as string))) {
    return 'standings.names must be "all", "hidden" or "neighbours"';
  }
  const months = isRecord(s["retention"]) ? num(s["retention"]["prospect_months"]) : null;
  const { min, max } = LIMITS.prospectMonths;
  if (months === null || !Number.isInteger(months) || (months !== 0 && (months < min || months > max))) {
    return `retention.prospect_months must be 0 (keep Plan 100 names for ever) or from ${min} to ${max} months`;
  }
  return null;
}

/**
 * The Monday (YYYY-MM-DD) of the week that contains now in timeZone: the
 * day a change made now applies from (the server's SetSettings). null for
 * a zone this browser does not know.
 */
export function weekStart(now: Date, timeZone: string): string | null {
  let day: string;
  try {
    // en-CA writes dates as YYYY-MM-DD.
    day = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
  } catch {
    return null;
  }
  const d = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return null;
  const back = (d.getUTCDay() + 6) % 7; // days since Monday
  d.setUTCDate(d.getUTCDate() - back);
  return d.toISOString().slice(0, 10);
}
