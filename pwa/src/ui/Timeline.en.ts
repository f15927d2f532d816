// The activity timeline's words in English. The type makes a missing or
// misspelt key a compile error.

import type { Messages } from "../i18n";
import type { zhCN } from "./Timeline.zh-CN";

export const en: Messages<typeof zhCN> = {
  nextStep: "Next step: ",
  premium: "Premium: ",
  pending: "Not sent yet",
  voided: "Voided",
  voidReason: "Voided because: {reason}",
  unknownKind: "Activity",
  edit: "Edit",
  view: "View",
};
