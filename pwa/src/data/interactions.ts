// A customer's interaction history: the activities recorded with the
// customer, and those recorded with the Plan 100 name the file came from
// (the calls and the first visit usually happen before the file exists).
// Pure.

import { newestInstantFirst, type Activity, type Customer } from "./model";

/** When an activity happened, in ms (0 if its time cannot be read). */
export function activityTime(a: Activity): number {
  return Number.isNaN(a.at) ? 0 : a.at;
}

/** Activities newest first; times are compared as instants, since offsets may differ. */
export function newestFirst(acts: readonly Activity[]): Activity[] {
  return [...acts].sort(newestInstantFirst);
}

/**
 * Whether an activity is contact with the person. Adding a name to Plan 100
 * (`prospect`) is not: otherwise every file made from Plan 100 would have an
 * "interaction" before anyone talked to the customer.
 */
export function isInteraction(a: Activity): boolean {
  return a.kind !== null && a.kind !== "prospect";
}

/** Whether the activity belongs to the customer's file, directly or through its prospect. */
function belongsTo(a: Activity, c: Customer): boolean {
  return a.customerId === c.id || (c.prospectId !== null && a.prospectId === c.prospectId);
}

/** The file's interactions, newest first, voided ones included (the timeline shows them). */
export function interactionsOf(acts: readonly Activity[], c: Customer): Activity[] {
  return newestFirst(acts.filter((a) => isInteraction(a) && belongsTo(a, c)));
}

/** How many interactions count for completeness: voided ones do not. */
export function countedInteractions(interactions: readonly Activity[]): number {
  return interactions.filter((a) => !a.voided).length;
}
