// The words about an answer from the server in English. The type makes a
// missing or misspelt key a compile error.

import type { Messages } from "../i18n";
import type { zhCN } from "./RemoteNote.zh-CN";

export const en: Messages<typeof zhCN> = {
  loading: "Fetching from the server…",
  asOf: "As of {time}.",
  offline: "Offline: showing what was fetched last time.",
  error: "Could not fetch from the server: {message}",
};
