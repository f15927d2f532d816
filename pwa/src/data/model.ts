// The records as the screens use them: typed views over a record's fields
// (which come from the network and may hold anything), the domain's lists,
// and the day arithmetic. Pure: no IndexedDB, no DOM.

import type { LocalRecord } from "../sync";
import { dayIn, instant } from "../time";

import { GENDERS, GRADES, INCOME_BANDS, KINDS, LOG_STATES, NEEDS, SOURCES, STAGES, TAGS } from "./vocabulary";

// The domain's lists are the server's (vocabulary.ts is written from the
// root package's vocabulary.go by `go generate ./pwa`).
export { GENDERS, GRADES, INCOME_BANDS, KINDS, LOG_STATES, NEEDS, SOURCES, STAGES, TAGS };
export type Kind = (typeof KINDS)[number];
/** The kinds recorded with one tap in the field (a prospect is added in Plan 100). */
export const TAP_KINDS = KINDS.filter((k): k is Exclude<Kind, "prospect"> => k !== "prospect");
export type Grade = (typeof GRADES)[number];
export type Stage = (typeof STAGES)[number];
export type Tag = (typeof TAGS)[number];
/** The server refuses longer text fields. */
export const MAX_TEXT = 8000;

const str = (v: unknown): string => (typeof v === "string" ? v : "");

/**
 * The agent a record belongs to (the server's owner_id). A record made on
 * this phone and not yet synced has none yet: it is the signed-in user's.
 */
export function ownerOf(r: LocalRecord, me: string): string {
  return str(r.fields["owner_id"]) || me;
}
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const oneOf = <T extends string>(list: readonly T[], v: unknown): T | null =>
  typeof v === "string" && (list as readonly string[]).includes(v) ? (v as T) : null;

export interface Prospect {
  id: string;
  name: string;
  phone: string;
  source: "referral" | "other" | null;
  referrer: string;
  grade: Grade | null;
  need: number | null;
  wealth: number | null;
  trust: number | null;
  stage: Stage;
  notes: string;
  customerId: string | null;
  createdAt: string;
  /** The server's time of the record's last change (RFC 3339; "" before it reached the server). */
  updatedAt: string;
  /** When the agent last kept the name from the retention sweep (RFC 3339; "" for never). */
  keptAt: string;
  pending: boolean;
}

export function prospectOf(r: LocalRecord): Prospect {
  const f = r.fields;
  return {
    id: r.id,
    name: str(f["name"]),
    phone: str(f["phone"]),
    source: oneOf(SOURCES, f["source"]),
    referrer: str(f["referrer"]),
    grade: oneOf(GRADES, f["grade"]),
    need: num(f["need_score"]),
    wealth: num(f["wealth_score"]),
    trust: num(f["trust_score"]),
    stage: oneOf(STAGES, f["stage"]) ?? "new",
    notes: str(f["notes"]),
    customerId: str(f["customer_id"]) || null,
    createdAt: str(f["created_at"]),
    updatedAt: str(f["updated_at"]),
    keptAt: str(f["kept_at"]),
    pending: r.pending,
  };
}

/** Whether a prospect is one to work first: grade A with all three scores 8 or more. */
export function isPriority(p: Prospect): boolean {
  return p.grade === "A" && [p.need, p.wealth, p.trust].every((s) => s !== null && s >= 8);
}

/** Whether a prospect is still in play (not closed or dropped). */
export function isOpen(p: Prospect): boolean {
  return p.stage !== "closed" && p.stage !== "dropped";
}

export interface Child {
  name?: string;
  age?: number;
}

export interface Customer {
  id: string;
  name: string;
  phone: string;
  gender: string | null;
  age: number | null;
  occupation: string;
  incomeBand: string | null;
  spouse: string | null;
  children: Child[] | null;
  needs: string[];
  notes: string;
  prospectId: string | null;
  pending: boolean;
}

export function customerOf(r: LocalRecord): Customer {
  const f = r.fields;
  const kids = Array.isArray(f["children"])
    ? (f["children"] as unknown[]).map((c): Child => {
        const o = (c ?? {}) as Record<string, unknown>;
        const name = str(o["name"]);
        const age = num(o["age"]);
        return { ...(name ? { name } : {}), ...(age !== null ? { age } : {}) };
      })
    : null;
  return {
    id: r.id,
    name: str(f["name"]),
    phone: str(f["phone"]),
    gender: oneOf(GENDERS, f["gender"]),
    age: num(f["age"]),
    occupation: str(f["occupation"]),
    incomeBand: oneOf(INCOME_BANDS, f["income_band"]),
    spouse: typeof f["spouse"] === "string" ? f["spouse"] : null,
    children: kids,
    needs: Array.isArray(f["needs"]) ? (f["needs"] as unknown[]).filter((n): n is string => typeof n === "string") : [],
    notes: str(f["notes"]),
    prospectId: str(f["prospect_id"]) || null,
    pending: r.pending,
  };
}

/** What a customer file lacks to be complete, as the server's review counts it (docs/scoring.md). */
export const FILE_PARTS = ["name", "age", "occupation", "income_band", "family", "needs", "interaction"] as const;
export type FilePart = (typeof FILE_PARTS)[number];

export function missingParts(c: Customer, interactions: number): FilePart[] {
  const have: Record<FilePart, boolean> = {
    name: c.name !== "",
    age: c.age !== null,
    occupation: c.occupation !== "",
    income_band: c.incomeBand !== null,
    // "None" counts: an empty spouse or an empty list of children is stated.
    family: c.spouse !== null || c.children !== null,
    needs: c.needs.length > 0,
    interaction: interactions > 0,
  };
  return FILE_PARTS.filter((p) => !have[p]);
}

export interface Activity {
  id: string;
  kind: Kind | null;
  occurredAt: string;
  /** When it happened, in Unix ms (NaN when occurred_at cannot be read): what sorts activities. */
  at: number;
  /** The day it happened in the team's zone (YYYY-MM-DD, "" when unknown): the day the server counts it on. */
  day: string;
  customerId: string | null;
  prospectId: string | null;
  outcome: string;
  premium: number | null;
  nextStep: string;
  /** The day the next step is due (YYYY-MM-DD in the team's zone), "" when none: a follow-up (followUps.ts). */
  nextAt: string;
  notes: string;
  voided: boolean;
  voidReason: string;
  pending: boolean;
}

/**
 * An activity as screens use it, its day counted in `zone` (the team's):
 * occurred_at names an instant with whatever offset the phone had, so its
 * own date part is not the day (08:14 in Shanghai, written by a phone in
 * Los Angeles, reads 16:14 the day before).
 */
export function activityOf(r: LocalRecord, zone: string): Activity {
  // Screens make views of every activity on each render that follows new
  // data; a record read again unchanged is the same object (data/records.ts),
  // so its view is made once.
  const seen = activityViews.get(r);
  if (seen && seen.zone === zone) return seen.view;
  const view = makeActivity(r, zone);
  activityViews.set(r, { zone, view });
  return view;
}

const activityViews = new WeakMap<LocalRecord, { zone: string; view: Activity }>();

function makeActivity(r: LocalRecord, zone: string): Activity {
  const f = r.fields;
  const occurredAt = str(f["occurred_at"]);
  const at = instant(occurredAt);
  return {
    id: r.id,
    kind: oneOf(KINDS, f["kind"]),
    occurredAt,
    at,
    day: Number.isNaN(at) ? "" : dayIn(at, zone),
    customerId: str(f["customer_id"]) || null,
    prospectId: str(f["prospect_id"]) || null,
    outcome: str(f["outcome"]),
    premium: num(f["premium"]),
    nextStep: str(f["next_step"]),
    nextAt: isDay(str(f["next_at"])) ? str(f["next_at"]) : "",
    notes: str(f["notes"]),
    voided: f["voided"] === true,
    voidReason: str(f["void_reason"]),
    pending: r.pending,
  };
}

export type LogState = "draft" | "submitted" | "approved" | "returned";

export interface Problem {
  tag: Tag;
  text: string;
}

export interface DayLog {
  id: string;
  date: string;
  plan: Partial<Record<Kind, number>>;
  problems: Problem[];
  summary: string;
  state: LogState;
  reviewComment: string;
  amended: boolean;
  pending: boolean;
}

export function dayLogOf(r: LocalRecord): DayLog {
  const f = r.fields;
  const plan: Partial<Record<Kind, number>> = {};
  const rawPlan = (f["plan"] ?? {}) as Record<string, unknown>;
  for (const k of KINDS) {
    const n = num(rawPlan[k]);
    if (n !== null) plan[k] = n;
  }
  const problems = Array.isArray(f["problems"])
    ? (f["problems"] as unknown[]).flatMap((p): Problem[] => {
        const o = (p ?? {}) as Record<string, unknown>;
        const tag = oneOf(TAGS, o["tag"]);
        return tag ? [{ tag, text: str(o["text"]) }] : [];
      })
    : [];
  return {
    id: r.id,
    date: str(f["date"]),
    plan,
    problems,
    summary: str(f["summary"]),
    state: oneOf(LOG_STATES, f["state"]) ?? "draft",
    reviewComment: str(f["review_comment"]),
    amended: f["amended"] === true,
    pending: r.pending,
  };
}

/** One category of the weekly table as the server scored it. */
export interface ScoreCategory {
  kind: string;
  weight: number;
  target: number;
  actual: number;
  points: number;
}

export interface DayResult {
  day: string;
  /** The log's state that day, if there is a log. */
  state?: string;
  rest?: boolean;
  /** Counted activities: what the supervisor approved (for an amended day, what was approved before the change). */
  counts?: Record<string, number>;
  /** The log was changed after approval and waits for review; `counts` are still the approved ones. */
  amended?: boolean;
  /**
   * What is pending on a submitted day (amended or never approved): the day as
   * it now stands, if approved, minus `counts`, per kind (only kinds that differ;
   * negative when the change removed something).
   */
  pending?: Record<string, number>;
  premium?: number;
  /** Whether the day met the daily visit target. */
  met?: boolean;
  completion?: Record<string, number>;
}

/** A server-written scores record (docs/scoring.md): an agent's week or month. */
export interface Score {
  id: string;
  agentId: string;
  kind: "week" | "month";
  period: string;
  start: string;
  end: string;
  score: number;
  band: string;
  categories: ScoreCategory[];
  counts: Record<string, number>;
  premium: number;
  pendingDays: number;
  /** The sum of the days' `pending` per kind. */
  pendingCounts: Record<string, number>;
  /** Days changed after approval, still counting what was approved. */
  amendedDays: number;
  approvedDays: number;
  days: DayResult[];
  streakOut: number;
  awards: { kind: string; amount?: number; day?: string }[];
}

export function scoreOf(r: LocalRecord): Score {
  const f = r.fields;
  const arr = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);
  return {
    id: r.id,
    agentId: str(f["agent_id"]),
    kind: f["kind"] === "month" ? "month" : "week",
    period: str(f["period"]),
    start: str(f["start"]),
    end: str(f["end"]),
    score: num(f["score"]) ?? 0,
    band: str(f["band"]),
    categories: arr<ScoreCategory>(f["categories"]),
    counts: (f["counts"] ?? {}) as Record<string, number>,
    premium: num(f["premium"]) ?? 0,
    pendingDays: num(f["pending_days"]) ?? 0,
    pendingCounts: (f["pending_counts"] ?? {}) as Record<string, number>,
    amendedDays: num(f["amended_days"]) ?? 0,
    approvedDays: num(f["approved_days"]) ?? 0,
    days: arr<DayResult>(f["days"]),
    streakOut: num(f["streak_out"]) ?? 0,
    awards: arr(f["awards"]),
  };
}

export interface Member {
  id: string;
  name: string;
  role: string;
  active: boolean;
}

export function memberOf(r: LocalRecord): Member {
  return { id: r.id, name: str(r.fields["name"]), role: str(r.fields["role"]), active: r.fields["active"] !== false };
}

/** The calendar day (YYYY-MM-DD) of an instant in zone (the team's), whatever the phone's zone. */
export function isoDay(d: Date | number, zone: string): string {
  return dayIn(+d, zone);
}

/** Today in zone: the team's today, which is the phone's only when the phone is in the team's zone. */
export function today(zone: string, now: number = Date.now()): string {
  return dayIn(now, zone);
}

// Calendar arithmetic on YYYY-MM-DD: days are counted on a zone-free
// calendar (UTC noon), so no phone's daylight saving can skip or repeat one.
const noonOf = (day: string): Date => new Date(`${day}T12:00:00Z`);
const dayOf = (d: Date): string => (Number.isNaN(d.getTime()) ? "" : d.toISOString().slice(0, 10));

/** The day n days after `day` (YYYY-MM-DD); "" when `day` is not a day. */
export function addDays(day: string, n: number): string {
  const d = noonOf(day);
  d.setUTCDate(d.getUTCDate() + n);
  return dayOf(d);
}

/** How many days from `from` to `to` (YYYY-MM-DD), negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((noonOf(to).getTime() - noonOf(from).getTime()) / 86_400_000);
}

/** The Monday of the week holding `day` (weeks run Monday–Sunday). */
export function mondayOf(day: string): string {
  return addDays(day, -((noonOf(day).getUTCDay() + 6) % 7));
}

/** Activities earliest first, by instant (offsets differ, so never by the occurred_at text); unreadable times last. */
export function byInstant(a: Activity, b: Activity): number {
  const x = Number.isNaN(a.at) ? Infinity : a.at;
  const y = Number.isNaN(b.at) ? Infinity : b.at;
  return x === y ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : x - y;
}

/** Activities newest first, by instant; unreadable times last. */
export function newestInstantFirst(a: Activity, b: Activity): number {
  const x = Number.isNaN(a.at) ? -Infinity : a.at;
  const y = Number.isNaN(b.at) ? -Infinity : b.at;
  return x === y ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : y - x;
}

/** Whether s is a calendar day YYYY-MM-DD. */
export function isDay(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && dayOf(noonOf(s)) === s;
}

/** How far ahead a follow-up may be dated (docs/protocol.md §6.1): 366 days after today. */
export const MAX_FOLLOW_UP_DAYS = 366;

/** Whether an activity's next step may be dated `day`: from 2000-01-01 to MAX_FOLLOW_UP_DAYS after today in the team's zone. */
export function nextDayAllowed(day: string, todayInZone: string): boolean {
  return isDay(day) && day >= FIRST_DAY && day <= addDays(todayInZone, MAX_FOLLOW_UP_DAYS);
}

/** The first day anything may be recorded on (docs/protocol.md). */
export const FIRST_DAY = "2000-01-01";

/**
 * Whether a log may be dated `day`, or an activity fall on it: from 2000-01-01
 * to tomorrow in the team's zone (`todayInZone` is today there), as the server
 * rejects anything else. Nothing is done in the future, but tomorrow may be planned.
 */
export function dayAllowed(day: string, todayInZone: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) && day >= FIRST_DAY && day <= addDays(todayInZone, 1);
}

/** Counts per kind of the activities that are not voided. */
export function countKinds(acts: readonly Activity[]): Record<Kind, number> {
  const out = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>;
  for (const a of acts) if (a.kind && !a.voided) out[a.kind]++;
  return out;
}

/** Completion against plan, 0–1 (null without a plan for it). 4 planned, 3 done → 0.75. */
export function completion(planned: number | undefined, done: number): number | null {
  if (!planned) return null;
  return Math.min(1, done / planned);
}
