// The follow-ups card's words in English. The type makes a missing or
// misspelt key a compile error.

import type { Messages } from "../i18n";
import type { zhCN } from "./FollowUpsCard.zh-CN";

export const en: Messages<typeof zhCN> = {
  title: "Follow-ups due",
  dueToday: "Today",
  overdue: "Overdue ({n} d)",
  last: "Last time: {outcome}",
  next: "Next step: {step}",
  more: "Show all ({n} more)",
  record: "Record follow-up",
};
