// The work log's days and what can be done with a log, as data: which days
// may have a log (docs/protocol.md: 2000-01-01 to tomorrow in the team's zone), where
// the day arrows lead, the list of days, what is true of a log's state
// (sent or not), whether it may be deleted, and the fields that bring a
// deleted day's record back as a new log. Pure: callers pass today (the
// team's) and the records.

import { addDays, byInstant, dayAllowed, FIRST_DAY, type Activity, type DayLog } from "../../data/model";
import type { Fields } from "../../sync/merge";

/** Whether s is a real calendar day written YYYY-MM-DD (not 2026-02-30). */
export function isDay(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && addDays(s, 0) === s;
}

/** Whether a log may be dated `day`, given today in the team's zone. */
export function mayHaveLog(day: string, today: string): boolean {
  return isDay(day) && dayAllowed(day, today);
}

/** The last day a log may have: tomorrow in the team's zone (an agent may plan it). */
export function lastDay(today: string): string {
  return addDays(today, 1);
}

/** Where the day arrows lead from `day`: the day before and after, null where the rule ends. */
export function neighbours(day: string, today: string): { prev: string | null; next: string | null } {
  const prev = addDays(day, -1);
  const next = addDays(day, 1);
  return { prev: mayHaveLog(prev, today) ? prev : null, next: mayHaveLog(next, today) ? next : null };
}

/** How many days the list shows, today first. */
export const RECENT_DAYS = 14;

/** The recent days the list shows, today first, never before the first day. */
export function recentDays(today: string, n = RECENT_DAYS): string[] {
  return Array.from({ length: n }, (_, i) => addDays(today, -i)).filter((d) => d >= FIRST_DAY);
}

/** The logs on no day of `shown` (earlier ones, tomorrow's, any out of the rule), latest date first. */
export function otherLogs(logs: readonly DayLog[], shown: readonly string[]): DayLog[] {
  const days = new Set(shown);
  return logs.filter((l) => l.date !== "" && !days.has(l.date)).sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
}

/** What a day entered by hand is: a day that may have a log, or why not. */
export type DayEntry = { ok: true; day: string } | { ok: false; problem: "notADay" | "tooEarly" | "tooLate" };

export function checkDayEntry(value: string, today: string): DayEntry {
  const day = value.trim();
  if (!isDay(day)) return { ok: false, problem: "notADay" };
  if (day < FIRST_DAY) return { ok: false, problem: "tooEarly" };
  if (day > lastDay(today)) return { ok: false, problem: "tooLate" };
  return { ok: true, day };
}

/** Only a log the supervisor has not taken in may be deleted: a draft, or one returned to the agent. */
export function canDelete(log: DayLog | null): boolean {
  return log !== null && (log.state === "draft" || log.state === "returned");
}

/**
 * What is true of a log now, said once above the form. `pending` (some of
 * it is still in the phone's outbox) decides between "not sent yet" and
 * what the server has: a submitted log waits for the supervisor only once
 * the server has it.
 */
export type LogStatus =
  | "draftUnsent"
  | "draftSaved"
  | "submittedUnsent"
  | "submittedWaiting"
  | "amendedWaiting"
  | "approved"
  | "approvedUnsent"
  | "returned"
  | "returnedUnsent";

export function logStatus(log: DayLog | null): LogStatus | null {
  if (!log) return null;
  switch (log.state) {
    case "draft":
      return log.pending ? "draftUnsent" : "draftSaved";
    case "submitted":
      return log.pending ? "submittedUnsent" : log.amended ? "amendedWaiting" : "submittedWaiting";
    case "approved":
      return log.pending ? "approvedUnsent" : "approved";
    case "returned":
      return log.pending ? "returnedUnsent" : "returned";
  }
}

/**
 * The fields a new log on a day whose record was deleted must also send: the
 * day's id is fixed (owner and date), so the new log is the same record, and
 * without these its old plan, problems and summary would come back with it.
 * Nothing for a day that never had a record, or one not deleted.
 */
export function revivalFields(stored: Fields | null): Fields {
  if (!stored || stored["_deleted"] !== true) return {};
  const out: Fields = { _deleted: false };
  if (stored["plan"] !== undefined) out["plan"] = {};
  if (stored["problems"] !== undefined) out["problems"] = [];
  if (stored["summary"] !== undefined) out["summary"] = "";
  return out;
}

/** The day's activities as the log lists them: on the day in the team's zone, earliest first, voided ones left out. */
export function activitiesOfDay(acts: readonly Activity[], day: string): Activity[] {
  return acts.filter((a) => a.day === day && !a.voided).sort(byInstant);
}
