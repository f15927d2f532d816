// The formatters' words in English. The type makes a missing or misspelt key
// a compile error.

import type { zhCN } from "./format.zh-CN";
import type { Messages } from "./index";

export const en: Messages<typeof zhCN> = {
  week: "Week {n}",
};
