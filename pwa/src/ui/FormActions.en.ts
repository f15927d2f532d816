// The form buttons' words in English. The type makes a missing or misspelt
// key a compile error.

import type { Messages } from "../i18n";
import type { zhCN } from "./FormActions.zh-CN";

export const en: Messages<typeof zhCN> = {
  cancel: "Cancel",
};
