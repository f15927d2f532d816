// The team picker's words in English. The type makes a missing or misspelt
// key a compile error.

import type { Messages } from "../i18n";
import type { zhCN } from "./TeamGate.zh-CN";

export const en: Messages<typeof zhCN> = {
  "team.label": "Team",
  "team.unnamed": "Team {id}",
  "team.none": "There are no teams yet. Create one on the admin screen first.",
  "team.noList": "The server cannot be reached and this device has no list of teams yet.",
  "team.mine": "You are not in a team yet; ask an admin.",
};
