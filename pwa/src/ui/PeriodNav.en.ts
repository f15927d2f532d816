// The period navigation's words in English. The type makes a missing or
// misspelt key a compile error.

import type { Messages } from "../i18n";
import type { zhCN } from "./PeriodNav.zh-CN";

export const en: Messages<typeof zhCN> = {
  "tabs.label": "Period",
  "tabs.week": "Week",
  "tabs.month": "Month",
  label: "Change period",
  prevWeek: "Previous week",
  nextWeek: "Next week",
  prevMonth: "Previous month",
  nextMonth: "Next month",
  thisWeek: "Back to this week",
  thisMonth: "Back to this month",
};
