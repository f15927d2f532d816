// The activity sheet's form as its inputs hold it (text), the checks made
// before anything is sent, and the fields a save writes. Pure.
//
// Times are wall times in the team's zone: the input shows the team's clock
// whatever the phone's zone, and occurred_at is stamped with the team's
// offset, so the server counts the activity on the day the agent sees.
//
// An edit writes only the fields whose value differs from the record as the
// sheet first showed it: the merge is per field, so an unchanged field sent
// again would overwrite an edit made meanwhile on another phone.

import { dayAllowed, nextDayAllowed, type Activity, type Kind } from "../data/model";
import type { Fields } from "../sync";
import { dayIn, fromWall, instant, rfc3339In, wallInput } from "../time";

export interface ActivityDraft {
  /** When, as a datetime-local input holds it in the team's zone: YYYY-MM-DDTHH:MM. */
  when: string;
  /** Whom: "c:<customer id>", "p:<prospect id>" or "" (nobody named). */
  who: string;
  outcome: string;
  nextStep: string;
  /** The day the next step is due, as a date input holds it (YYYY-MM-DD), "" for none. */
  nextAt: string;
  notes: string;
  /** The premium in yuan as typed (deals only). */
  premium: string;
}

const DRAFT_KEYS = ["when", "who", "outcome", "nextStep", "nextAt", "notes", "premium"] as const satisfies readonly (keyof ActivityDraft)[];
const TEXT_FIELDS = [
  ["outcome", "outcome"],
  ["nextStep", "next_step"],
  ["notes", "notes"],
] as const satisfies readonly (readonly [keyof ActivityDraft, string])[];

/**
 * How far past now a time may be and still be a record of something done:
 * every kind the sheet records (a call made, a meeting held, a deal signed)
 * has happened, but clocks and the input's whole minutes differ a little.
 */
export const FUTURE_SLACK_MS = 5 * 60_000;
/** The largest premium the server accepts, in yuan. */
export const MAX_PREMIUM = 100_000_000;

/** The picker's value for a record's customer or prospect (a customer wins if both are set). */
export function subjectOf(customerId?: string | null, prospectId?: string | null): string {
  if (customerId) return `c:${customerId}`;
  if (prospectId) return `p:${prospectId}`;
  return "";
}

/** A new record's form: now, whom it was opened for, nothing typed. */
export function newDraft(now: number, zone: string, who = ""): ActivityDraft {
  return { when: wallInput(now, zone), who, outcome: "", nextStep: "", nextAt: "", notes: "", premium: "" };
}

/** The form of a recorded activity, its time on the team's clock. */
export function draftOf(a: Activity, zone: string): ActivityDraft {
  const ms = instant(a.occurredAt);
  return {
    when: Number.isNaN(ms) ? "" : wallInput(ms, zone),
    who: subjectOf(a.customerId, a.prospectId),
    outcome: a.outcome,
    nextStep: a.nextStep,
    nextAt: a.nextAt,
    notes: a.notes,
    premium: a.premium === null ? "" : String(a.premium),
  };
}

/**
 * What differs from base, field by field: the part of the form that would be
 * lost by closing it (kept as the device's draft; empty means nothing typed).
 */
export function typedChanges(base: ActivityDraft, draft: ActivityDraft): Partial<ActivityDraft> {
  const out: Partial<ActivityDraft> = {};
  for (const k of DRAFT_KEYS) if (draft[k] !== base[k]) out[k] = draft[k];
  return out;
}

/** A stored draft (anything read back from the device) laid over base; what is not a draft field is ignored. */
export function restoreDraft(base: ActivityDraft, stored: unknown): ActivityDraft {
  const out = { ...base };
  if (typeof stored !== "object" || stored === null) return out;
  const s = stored as Record<string, unknown>;
  for (const k of DRAFT_KEYS) {
    const v = s[k];
    if (typeof v === "string") out[k] = v;
  }
  return out;
}

/** Where the device keeps the draft: per record edited, per kind (and the person it was opened for) when new. */
export function draftKey(target: { activityId: string } | { kind: string; who?: string }): string {
  if ("activityId" in target) return `activity:${target.activityId}`;
  return target.who ? `activity:new:${target.kind}:${target.who}` : `activity:new:${target.kind}`;
}

export interface DraftContext {
  kind: Kind | null;
  /** The team's zone (IANA). */
  zone: string;
  /** Now, in Unix ms. */
  now: number;
  /** A new record (else an edit of base). */
  isNew: boolean;
}

/**
 * The instant the activity happened: the typed time, or, for a new record
 * whose time was left as it opened, now (to the second). Null when the typed
 * time is not a time.
 */
export function whenOf(base: ActivityDraft, draft: ActivityDraft, ctx: DraftContext): number | null {
  if (ctx.isNew && draft.when === base.when) return ctx.now;
  return fromWall(draft.when, ctx.zone);
}

export type DraftProblem = "timeBad" | "timeRange" | "timeFuture" | "nextAt" | "premium";

/**
 * Why the form may not be saved, or null. The time is checked when it is
 * set (a new record, or an edit that moved it): a time, on a day the server
 * accepts (2000-01-01 to tomorrow in the team's zone), and not later than now
 * beyond FUTURE_SLACK_MS. A follow-up date, when set or changed, is a day
 * the server accepts (2000-01-01 to a year ahead). A deal needs a premium above 0.
 */
export function checkDraft(base: ActivityDraft, draft: ActivityDraft, ctx: DraftContext): DraftProblem | null {
  if (ctx.isNew || draft.when !== base.when) {
    const ms = whenOf(base, draft, ctx);
    if (ms === null) return "timeBad";
    if (!dayAllowed(dayIn(ms, ctx.zone), dayIn(ctx.now, ctx.zone))) return "timeRange";
    if (ms > ctx.now + FUTURE_SLACK_MS) return "timeFuture";
  }
  if (draft.nextAt !== "" && draft.nextAt !== base.nextAt && !nextDayAllowed(draft.nextAt, dayIn(ctx.now, ctx.zone))) return "nextAt";
  if (ctx.kind === "deal" && (ctx.isNew || draft.premium !== base.premium)) {
    const amount = premiumOf(draft.premium);
    if (amount === null) return "premium";
  }
  return null;
}

function premiumOf(text: string): number | null {
  if (!text.trim()) return null;
  const n = Number(text);
  return Number.isFinite(n) && n > 0 && n <= MAX_PREMIUM ? n : null;
}

/**
 * The fields a save writes (checkDraft found nothing): for a new record all
 * it holds; for an edit only the fields whose value changed. Moving the
 * activity to someone else clears the other kind of person.
 */
export function activityFields(base: ActivityDraft, draft: ActivityDraft, ctx: DraftContext): Fields {
  const f: Fields = {};
  if (ctx.isNew && ctx.kind) f["kind"] = ctx.kind;
  if (ctx.isNew || draft.when !== base.when) {
    const ms = whenOf(base, draft, ctx);
    if (ms !== null) f["occurred_at"] = rfc3339In(ms, ctx.zone);
  }
  const [type, id] = splitSubject(draft.who);
  if (ctx.isNew) {
    if (type === "c") f["customer_id"] = id;
    if (type === "p") f["prospect_id"] = id;
  } else if (draft.who !== base.who) {
    const [was] = splitSubject(base.who);
    if (type === "c") f["customer_id"] = id;
    else if (was === "c") f["customer_id"] = null;
    if (type === "p") f["prospect_id"] = id;
    else if (was === "p") f["prospect_id"] = null;
  }
  for (const [key, name] of TEXT_FIELDS) {
    const v = draft[key].trim();
    if (ctx.isNew ? v !== "" : v !== base[key].trim()) f[name] = v;
  }
  if (ctx.isNew ? draft.nextAt !== "" : draft.nextAt !== base.nextAt) f["next_at"] = draft.nextAt === "" ? null : draft.nextAt;
  if (ctx.kind === "deal") {
    const amount = premiumOf(draft.premium);
    if (amount !== null && (ctx.isNew || amount !== premiumOf(base.premium))) f["premium"] = amount;
  }
  return f;
}

function splitSubject(who: string): ["c" | "p" | "", string] {
  const m = /^([cp]):(.+)$/.exec(who);
  return m ? [m[1] as "c" | "p", m[2]!] : ["", ""];
}

/**
 * The days (YYYY-MM-DD, the team's) a save touches: the day the record was
 * on and the day it is put on. Where one has an approved log, the server
 * sends that log back to review (amended).
 */
export function touchedDays(base: ActivityDraft, draft: ActivityDraft, isNew: boolean): string[] {
  const days = new Set<string>();
  const dayOf = (when: string) => (/^\d{4}-\d{2}-\d{2}T/.test(when) ? when.slice(0, 10) : "");
  if (!isNew && dayOf(base.when)) days.add(dayOf(base.when));
  if (dayOf(draft.when)) days.add(dayOf(draft.when));
  return [...days];
}
