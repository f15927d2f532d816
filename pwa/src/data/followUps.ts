// Follow-ups that come back: an activity's next step may carry a day
// (next_at). A person's follow-up is due while their latest activity (by
// when it happened; voided ones do not count) carries a next_at on or
// before today: recording anything with them afterwards answers it, and a
// new next_at on that record sets the next one. Worked out on the phone
// from the activities it holds (docs/protocol.md §6.2): no push service.
// Pure.

import type { Activity } from "./model";

/** One person's open follow-up. */
export interface FollowUp {
  /** Whom: "c:<customer id>" or "p:<prospect id>" (a customer wins when the activity names both). */
  who: string;
  /** The day it is due (YYYY-MM-DD). */
  due: string;
  /** Whether that day is before today. */
  overdue: boolean;
  /** The activity that set it: the person's latest. */
  from: Activity;
  /** The latest outcome recorded with the person, "" if none. */
  lastOutcome: string;
}

/** The person an activity names, "" if none. */
export function personOf(a: Activity): string {
  return a.customerId ? `c:${a.customerId}` : a.prospectId ? `p:${a.prospectId}` : "";
}

/** Each person's latest activity and latest outcome, voided and unreadable-time ones left out. */
function latestByPerson(acts: readonly Activity[]): Map<string, { last: Activity; outcome: string; outcomeAt: number }> {
  const out = new Map<string, { last: Activity; outcome: string; outcomeAt: number }>();
  for (const a of acts) {
    const who = personOf(a);
    if (!who || a.voided || Number.isNaN(a.at)) continue;
    const seen = out.get(who);
    if (!seen) {
      out.set(who, { last: a, outcome: a.outcome, outcomeAt: a.outcome ? a.at : -Infinity });
      continue;
    }
    if (a.at > seen.last.at || (a.at === seen.last.at && a.id > seen.last.id)) seen.last = a;
    if (a.outcome && a.at >= seen.outcomeAt) {
      seen.outcome = a.outcome;
      seen.outcomeAt = a.at;
    }
  }
  return out;
}

/**
 * The follow-ups due on or before today, the longest overdue first (then by
 * when the activity that set them happened).
 */
export function dueFollowUps(acts: readonly Activity[], today: string): FollowUp[] {
  const out: FollowUp[] = [];
  for (const [who, { last, outcome }] of latestByPerson(acts)) {
    if (!last.nextAt || last.nextAt > today) continue;
    out.push({ who, due: last.nextAt, overdue: last.nextAt < today, from: last, lastOutcome: outcome });
  }
  return out.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.from.at - b.from.at || (a.who < b.who ? -1 : 1)));
}

/** Each person's next follow-up day (due or ahead), for ordering lists by it. */
export function nextFollowUps(acts: readonly Activity[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const [who, { last }] of latestByPerson(acts)) if (last.nextAt) out.set(who, last.nextAt);
  return out;
}
