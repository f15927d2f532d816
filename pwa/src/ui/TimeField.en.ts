// The time field's words in English. The type makes a missing or misspelt
// key a compile error.

import type { Messages } from "../i18n";
import type { zhCN } from "./TimeField.zh-CN";

export const en: Messages<typeof zhCN> = {
  zone: "On your team's clock ({zone}).",
};
