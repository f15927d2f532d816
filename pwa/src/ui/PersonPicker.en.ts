// The person picker's words in English. The type makes a missing or misspelt
// key a compile error.

import type { Messages } from "../i18n";
import type { zhCN } from "./PersonPicker.zh-CN";

export const en: Messages<typeof zhCN> = {
  search: "Type a name to search",
  nobody: "(nobody)",
  customer: "Customer",
  prospect: "Plan 100",
  none: "Nobody called “{query}”.",
  more: "{n} more: type a name to narrow the list.",
  change: "Change",
  unknown: "(no longer listed)",
};
