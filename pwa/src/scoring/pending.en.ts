// The pending deltas' words in English. The type makes a missing or misspelt
// key a compile error.

import type { Messages } from "../i18n";
import type { zhCN } from "./pending.zh-CN";

export const en: Messages<typeof zhCN> = {
  delta: "{delta} pending",
  beside: "{count} ({pending})",
  kind: "{kind} {count}",
  amended: "Changed, to be reviewed again",
  amendedDays: "{count} days changed, to be reviewed again",
  amendedDay: "1 day changed, to be reviewed again",
};
