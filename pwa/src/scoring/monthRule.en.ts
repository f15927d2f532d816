// The month rule's words in English. The type makes a missing or misspelt key
// a compile error.

import type { Messages } from "../i18n";
import type { zhCN } from "./monthRule.zh-CN";

export const en: Messages<typeof zhCN> = {
  rule: "A month's score is the mean of the weekly scores of the weeks that start in it.",
  carriedIn: "The week of {day} counts for {month}.",
  runsTo: "The week of {day} (to {end}) counts for {month}.",
  notYet: "This month's first week starts on {day}: no weekly score yet.",
  countsIn: "counts for {month}",
};
