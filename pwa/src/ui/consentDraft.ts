// The consent sheet's form as its inputs hold it, the checks made before
// anything is recorded, the recording it makes, and the privacy notices the
// server publishes (the newest is the one a consent names). Pure.

import { charCount } from "../data/limits";
import { GUARDIAN_MAX, NOTICE_MAX, type ConsentAction, type ConsentGroup, type ConsentInput, type ConsentMethod } from "../data/consents";
import { dayAllowed } from "../data/model";
import { arr, obj, str } from "../remote/json";
import { dayIn, fromWall, rfc3339In, wallInput } from "../time";
import { FUTURE_SLACK_MS } from "./activityDraft";

export interface ConsentDraft {
  groups: ConsentGroup[];
  method: ConsentMethod | "";
  /** When, as a datetime-local input holds it on the team's clock: YYYY-MM-DDTHH:MM. */
  when: string;
  /** The notice version, typed when no published one is known on this phone. */
  notice: string;
  guardian: string;
}

export type ConsentProblem = "groups" | "method" | "timeBad" | "timeRange" | "timeFuture" | "notice" | "noticeLong" | "guardian" | "guardianLong";

/** The input each problem is said under (and focused). */
export const PROBLEM_FIELD: Record<ConsentProblem, string> = {
  groups: "consent-groups",
  method: "consent-method",
  timeBad: "consent-when",
  timeRange: "consent-when",
  timeFuture: "consent-when",
  notice: "consent-notice",
  noticeLong: "consent-notice",
  guardian: "consent-guardian",
  guardianLong: "consent-guardian",
};

export interface ConsentContext {
  action: ConsentAction;
  zone: string;
  now: number;
  /** The newest published notice's version, when this phone knows one: it is what a consent names. */
  notice: string | null;
  /** The subject's family includes a child under 14 (a family consent must name the guardian). */
  youngChild: boolean;
}

/** A new recording's form: the groups asked for, now, nothing else chosen. */
export function newConsentDraft(groups: readonly ConsentGroup[], now: number, zone: string): ConsentDraft {
  return { groups: [...groups], method: "", when: wallInput(now, zone), notice: "", guardian: "" };
}

/** Whether the form asks for the guardian: a consent given to family. */
export function asksGuardian(d: ConsentDraft, action: ConsentAction): boolean {
  return action === "given" && d.groups.includes("family");
}

/**
 * The first thing wrong with the form, or null: a group and a method are
 * chosen, the time is one the server takes (a day from 2000-01-01, not
 * later than now beyond the clocks' slack), a consent given names a notice
 * (the published one, or one typed), and a family consent for a child under
 * 14 names the guardian.
 */
export function checkConsentDraft(d: ConsentDraft, ctx: ConsentContext): ConsentProblem | null {
  if (d.groups.length === 0) return "groups";
  if (!d.method) return "method";
  const ms = fromWall(d.when, ctx.zone);
  if (ms === null) return "timeBad";
  if (!dayAllowed(dayIn(ms, ctx.zone), dayIn(ctx.now, ctx.zone))) return "timeRange";
  if (ms > ctx.now + FUTURE_SLACK_MS) return "timeFuture";
  if (ctx.action === "given" && ctx.notice === null) {
    if (!d.notice.trim()) return "notice";
    if (charCount(d.notice.trim()) > NOTICE_MAX) return "noticeLong";
  }
  if (asksGuardian(d, ctx.action)) {
    if (ctx.youngChild && !d.guardian.trim()) return "guardian";
    if (charCount(d.guardian.trim()) > GUARDIAN_MAX) return "guardianLong";
  }
  return null;
}

/** The recording a checked form makes; its time carries the team's offset. */
export function consentInputOf(d: ConsentDraft, ctx: ConsentContext): ConsentInput {
  const ms = fromWall(d.when, ctx.zone) ?? ctx.now;
  const input: ConsentInput = { groups: d.groups, action: ctx.action, method: d.method as ConsentMethod, at: rfc3339In(ms, ctx.zone) };
  if (ctx.action === "given") {
    input.noticeVersion = ctx.notice ?? d.notice.trim();
    if (d.groups.includes("family") && d.guardian.trim()) input.guardian = d.guardian.trim();
  }
  return input;
}

export interface Notice {
  version: string;
  /** RFC 3339; "" when the server gave none. */
  publishedAt: string;
}

/**
 * The notices of GET /api/privacy/notices (`{"notices": [{version,
 * published_at, text}]}`), without their texts; null for an answer of
 * another shape. Stable, for useRemote.
 */
export function parseNotices(raw: unknown): Notice[] | null {
  const list = obj(raw)["notices"];
  if (!Array.isArray(list)) return null;
  return arr(list)
    .map((n) => ({ version: str(obj(n)["version"]).trim(), publishedAt: str(obj(n)["published_at"]) }))
    .filter((n) => n.version !== "");
}

/** The newest published notice: the latest published_at (the last listed among equals or unreadable ones); null for none. */
export function newestNotice(list: readonly Notice[] | null): Notice | null {
  let best: Notice | null = null;
  let bestAt = -Infinity;
  for (const n of list ?? []) {
    const at = Date.parse(n.publishedAt);
    const t = Number.isNaN(at) ? -Infinity : at;
    if (best === null || t >= bestAt) {
      best = n;
      bestAt = t;
    }
  }
  return best;
}
