// A customer file's words in English. The type makes a missing or misspelt
// key a compile error.

import type { Messages } from "../i18n";
import type { zhCN } from "./customerFile.zh-CN";

export const en: Messages<typeof zhCN> = {
  complete: "Complete",
  missing: "Missing: {parts}",
  sep: ", ",
  age: "{n} years",
  noDetails: "No age or occupation yet",
};
