// The team standings' words in English. The type makes a missing or misspelt
// key a compile error.

import type { Messages } from "../../i18n";
import type { zhCN } from "./messages.zh-CN";

export const en: Messages<typeof zhCN> = {
  title: "Team standings",
  local: "The server cannot be reached: these standings are worked out from the team's scores on this phone and may be behind.",
  loading: "Reading this phone's records…",
  empty: "The team has no agents yet.",
  champion: "Monthly activity champion: {name}",
  me: "Me",
  rank: "No. {rank}",
  score: "{score} points",
  pending: "{count} days pending approval",
  pending1: "1 day pending approval",
  noScore: "no weekly score yet",
  note: "Only approved days count; \"+2 pending\" is what still waits for review (a day changed after approval counts what was approved until reviewed again). Ties go to more visits, then more deals.",
};
