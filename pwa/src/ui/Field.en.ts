// A form field's words (the problems of a value) in English. The type makes a
// missing or misspelt key a compile error.

import type { Messages } from "../i18n";
import type { zhCN } from "./Field.zh-CN";

export const en: Messages<typeof zhCN> = {
  required: "Required.",
  tooLong: "At most {max} characters.",
  phone: "A phone number has digits, spaces and dashes, and may start with +.",
  range: "A whole number from {min} to {max}.",
};
