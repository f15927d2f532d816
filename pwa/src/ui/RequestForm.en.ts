// The words of the form that records a personal-information request in
// English. The type makes a missing or misspelt key a compile error.

import type { Messages } from "../i18n";
import type { zhCN } from "./RequestForm.zh-CN";

export const en: Messages<typeof zhCN> = {
  add: "Record a personal data request",
  new: "Record a personal data request",
  kind: "Request",
  "kind.copy": "A copy of their data",
  "kind.correct": "Correct their data",
  "kind.delete": "Delete their data",
  note: "Note",
  noteHint: "At most 500 characters; no personal data is needed.",
  save: "Save",
  cancel: "Cancel",
  offline: "Requests cannot be recorded offline; try again when connected.",
  failed: "Could not record it: {message}",
  saved: "Recorded: due {day}.",
  register: "See the register",
};
