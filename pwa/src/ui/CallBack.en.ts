// The post-call sheet's words in English. The type makes a missing or
// misspelt key a compile error.

import type { Messages } from "../i18n";
import type { zhCN } from "./CallBack.zh-CN";

export const en: Messages<typeof zhCN> = {
  title: "Log this call?",
  who: "With",
  when: "Called at",
  save: "Log the call",
  dismiss: "Not now",
  failed: "Could not save: {message}",
};
