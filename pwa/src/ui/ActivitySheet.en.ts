// The activity sheet's words in English. The type makes a missing or misspelt
// key a compile error.

import type { Messages } from "../i18n";
import type { zhCN } from "./ActivitySheet.zh-CN";

export const en: Messages<typeof zhCN> = {
  title: "Record: {kind}",
  editTitle: "Edit: {kind}",
  voidedTitle: "{kind} (voided)",
  when: "When",
  who: "With",
  whoHint: "Visits and interviews count only when they name a customer or a Plan 100 name.",
  outcome: "Outcome",
  outcomeHint: "e.g. meeting set for Friday afternoon",
  nextStep: "Next step",
  nextAt: "Follow up on",
  nextAtHint: "On that day, Today reminds you to follow up.",
  nextAtBad: "The follow-up date must be within a year.",
  notes: "Notes",
  premium: "Premium (¥)",
  save: "Save",
  close: "Close",
  failed: "Could not save: {message}",
  timeBad: "Enter a full date and time.",
  timeRange: "The time must lie between 1 January 2000 and tomorrow.",
  timeFuture: "Only what has happened can be recorded: the time cannot be later than now.",
  premiumBad: "A deal needs its premium (above 0, at most 100 million).",
  approvedEdit: "This day is approved; after this change your supervisor must review it again.",
  approvedNew: "This day is approved; once this is recorded your supervisor must review it again.",
  voided: "Your supervisor voided this record: {reason}",
  voidedNoReason: "Your supervisor voided this record.",
  readOnly: "A voided record cannot be changed.",
  restored: "What you typed last time is back.",
  forget: "Clear it",
};
