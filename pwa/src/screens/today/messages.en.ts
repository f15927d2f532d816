// The Today screen's words in English. The type makes a missing or misspelt
// key a compile error.

import type { Messages } from "../../i18n";
import type { zhCN } from "./messages.zh-CN";

export const en: Messages<typeof zhCN> = {
  title: "Today",
  hello: "Keep going, {name}!",
  plan: "Today's plan and progress",
  noPlan: "No plan for today yet.",
  setPlan: "Plan today",
  editLog: "Open today's log",
  record: "Record",
  streak: "Streak",
  streakDays: "{n} days",
  streakHint: "Seven days running on the visit target earns the streak award.",
  streakNone: "Only approved days count: meet today's target and submit the log.",
  done: "Recorded today",
  nothing: "Nothing recorded today yet. Tap a button above.",
  pending: "unsent",
  voided: "voided",
  delete: "Delete",
  edit: "Edit",
  view: "View",
  confirmDelete: "Delete this record?",
  with: "with {name}",
  logState: "Log: {state}",
};
