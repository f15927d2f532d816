// A sheet's words in English. The type makes a missing or misspelt key a
// compile error.

import type { Messages } from "../i18n";
import type { zhCN } from "./Sheet.zh-CN";

export const en: Messages<typeof zhCN> = {
  askTitle: "Discard what you typed?",
  askBody: "What you typed has not been saved.",
  keep: "Keep editing",
  discard: "Discard",
};
