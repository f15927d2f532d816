// The words of a form holding unsaved input in English. The type makes a
// missing or misspelt key a compile error.

import type { Messages } from "../i18n";
import type { zhCN } from "./FormGuard.zh-CN";

export const en: Messages<typeof zhCN> = {
  elsewhere: "Changed elsewhere to: ",
  empty: "(empty)",
  useThat: "Use that",
  keepMine: "Keep mine",
  updated: "This record was just changed elsewhere: what you had not touched now shows the new version; your changes are all kept until you save.",
  restored: "What you had not saved last time is back.",
  dropRestored: "Discard it",
  leaveTitle: "Discard what you have not saved?",
  leaveText: "What you typed is not saved yet. Leaving throws it away.",
  stay: "Keep editing",
  leave: "Discard and leave",
};
