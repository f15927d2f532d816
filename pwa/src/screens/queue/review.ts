// The supervisor's review queue as data: which logs wait, in which order,
// what each day came to against its plan, the changes a review writes, and
// the reviews the server refused as stale (docs/protocol.md "Who sees and writes
// what"). Pure: no IndexedDB, no DOM.

import {
  activityOf,
  byInstant,
  countKinds,
  dayLogOf,
  KINDS,
  ownerOf,
  type Activity,
  type DayLog,
  type Kind,
} from "../../data/model";
import { parseStamp } from "../../sync/hlc";
import { recordVersion } from "../../sync/merge";
import type { Fields } from "../../sync/merge";
import type { LocalRecord, RejectedEntry } from "../../sync/store";

/** The longest review comment and void reason the server takes (sync/rules/schema.go). */
export const MAX_COMMENT = 2000;
export const MAX_REASON = 500;

/** One log waiting for review. */
export interface QueueItem {
  id: string;
  agentId: string;
  /** The agent's name from members; "" when the replica has no member record. */
  agentName: string;
  log: DayLog;
  /** When it was (last) submitted: the wall time of its `state` stamp, in ms; 0 when unknown. */
  submittedAt: number;
  /** Activities of the day that count (not voided), per kind. */
  done: Record<Kind, number>;
}

/** The key of an agent's day in an activity index. */
const dayKey = (agentId: string, day: string) => `${agentId}\u0000${day}`;

/**
 * The activities of every agent, by agent and day (in zone, the team's: the
 * day the server counts them on, whatever offset the phone wrote), each
 * day's in time order (by instant).
 */
export function activitiesByDay(recs: Iterable<LocalRecord>, me: string, zone: string): Map<string, Activity[]> {
  const out = new Map<string, Activity[]>();
  for (const r of recs) {
    const a = activityOf(r, zone);
    const k = dayKey(ownerOf(r, me), a.day);
    const list = out.get(k);
    if (list) list.push(a);
    else out.set(k, [a]);
  }
  for (const list of out.values()) list.sort(byInstant);
  return out;
}

/** An agent's activities of a day (empty when there are none). */
export function dayActivities(index: ReadonlyMap<string, Activity[]>, agentId: string, day: string): Activity[] {
  return index.get(dayKey(agentId, day)) ?? [];
}

/** When a log was last submitted, from the stamp of its state; 0 when unknown. */
export function submittedAt(r: LocalRecord): number {
  const s = r.stamps["state"];
  return (s && parseStamp(s)?.wall) || 0;
}

/**
 * The logs waiting for review (state submitted, amended ones included),
 * oldest first: by date, then by when they were submitted, then by agent.
 * The signed-in user's own records are left out (a supervisor keeps none).
 */
export function queueOf(
  logs: Iterable<LocalRecord>,
  names: ReadonlyMap<string, string>,
  acts: ReadonlyMap<string, Activity[]>,
  me: string,
): QueueItem[] {
  const out: QueueItem[] = [];
  for (const r of logs) {
    const log = dayLogOf(r);
    const agentId = ownerOf(r, me);
    if (log.state !== "submitted" || agentId === me || !log.date) continue;
    out.push({
      id: r.id,
      agentId,
      agentName: names.get(agentId) ?? "",
      log,
      submittedAt: submittedAt(r),
      done: countKinds(dayActivities(acts, agentId, log.date)),
    });
  }
  return out.sort(
    (a, b) =>
      cmp(a.log.date, b.log.date) || a.submittedAt - b.submittedAt || cmp(a.agentName, b.agentName) || cmp(a.id, b.id),
  );
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The log to review after `id`: the next one in the queue, else the first
 * other one still waiting (the queue wraps), else null.
 */
export function nextAfter(queue: readonly QueueItem[], id: string): string | null {
  const i = queue.findIndex((q) => q.id === id);
  const rest = i < 0 ? queue : [...queue.slice(i + 1), ...queue.slice(0, i)];
  return rest.find((q) => q.id !== id)?.id ?? null;
}

export interface PlanRow {
  kind: Kind;
  /** Planned count; undefined without a plan for this kind. */
  planned: number | undefined;
  done: number;
}

/** The kinds that were planned or done, in the guide's order. */
export function planRows(plan: Partial<Record<Kind, number>>, done: Record<Kind, number>): PlanRow[] {
  return KINDS.filter((k) => (plan[k] ?? 0) > 0 || done[k] > 0).map((k) => ({ kind: k, planned: plan[k] || undefined, done: done[k] }));
}

/**
 * The one figure a queue row shows: visits, the activity the guide steers
 * by, unless the day planned and did none — then the first kind planned or
 * done. Null for an empty day.
 */
export function headline(plan: Partial<Record<Kind, number>>, done: Record<Kind, number>): PlanRow | null {
  const rows = planRows(plan, done);
  return rows.find((r) => r.kind === "visit") ?? rows[0] ?? null;
}

/** Whether an activity of this kind counts in scores only when it names a customer or prospect. */
export function needsSubject(a: Activity): boolean {
  return (a.kind === "visit" || a.kind === "sales_interview" || a.kind === "closing_interview") && !a.customerId && !a.prospectId;
}

/** The fields of an approval of the log as it is now. */
export function approval(r: LocalRecord): Fields {
  return { state: "approved", reviewed_version: recordVersion(r) };
}

/** The fields of a return of the log as it is now, with the comment (trimmed). */
export function returning(r: LocalRecord, comment: string): Fields {
  return { state: "returned", review_comment: comment.trim(), reviewed_version: recordVersion(r) };
}

/** The fields that void an activity, with the reason (trimmed). */
export function voiding(reason: string): Fields {
  return { voided: true, void_reason: reason.trim() };
}

export type TextProblem = "required" | "tooLong";

/** What is wrong with a required text (a return comment, a void reason), or null. */
export function textProblem(text: string, max: number): TextProblem | null {
  const t = text.trim();
  if (!t) return "required";
  return [...t].length > max ? "tooLong" : null;
}

/** The rejected changes of day logs, by log id, that the server refused as stale. */
export function staleReviews(list: readonly RejectedEntry[]): Map<string, RejectedEntry[]> {
  const out = new Map<string, RejectedEntry[]>();
  for (const r of list) {
    if (r.code !== "stale" || r.change.collection !== "day_logs") continue;
    out.set(r.change.id, [...(out.get(r.change.id) ?? []), r]);
  }
  return out;
}

/** Other refusals of reviews of one log (forbidden, invalid…), which no second look fixes. */
export function otherRejections(list: readonly RejectedEntry[], logId: string): RejectedEntry[] {
  return list.filter((r) => r.code !== "stale" && r.change.collection === "day_logs" && r.change.id === logId);
}

/** The fields of a log the agent writes, in the order the review page shows them. */
const AGENT_FIELDS = ["plan", "problems", "summary"] as const;
export type AgentField = (typeof AGENT_FIELDS)[number];

/**
 * What the agent changed after the version a refused review had seen:
 * the agent's fields whose stamp is newer than it.
 */
export function changedSince(r: LocalRecord, version: string): AgentField[] {
  if (!version) return [];
  return AGENT_FIELDS.filter((f) => (r.stamps[f] ?? "") > version);
}

/** The version a refused review had seen (its reviewed_version), "" when it carried none. */
export function seenVersion(e: RejectedEntry): string {
  const v = e.change.fields["reviewed_version"];
  return typeof v === "string" ? v : "";
}
