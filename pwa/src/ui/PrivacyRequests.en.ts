// The words of the register of personal-information requests in English.
// The type makes a missing or misspelt key a compile error.

import type { Messages } from "../i18n";
import type { zhCN } from "./PrivacyRequests.zh-CN";

export const en: Messages<typeof zhCN> = {
  title: "Personal information requests",
  intro: "When a person asks for a copy of their data, its correction or its deletion, it must be answered within 15 working days of receipt.",
  none: "No personal information requests.",
  "kind.copy": "Copy",
  "kind.correct": "Correct",
  "kind.delete": "Delete",
  received: "Received {day}",
  due: "Due {day}",
  overdue: "Overdue",
  open: "Open",
  done: "Done",
  refused: "Refused",
  person: "Person",
  unnamed: "(not on your lists)",
  agent: "Agent {name}",
  markDone: "Done",
  markRefused: "Refuse",
  download: "Download copy",
  offline: "Requests cannot be handled offline; try again when connected.",
  failed: "That did not work: {message}",
  loading: "Fetching…",
  retry: "Try again",
};
