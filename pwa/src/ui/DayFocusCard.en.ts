// The words of the day's focus on Today in English. The type makes a
// missing or misspelt key a compile error.

import type { Messages } from "../i18n";
import type { zhCN } from "./DayFocusCard.zh-CN";

export const en: Messages<typeof zhCN> = {
  title: "Today's focus",
  by: "Set by your supervisor at the morning meeting",
};
