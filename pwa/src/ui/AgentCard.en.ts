// An agent's weekly card's words in English. The type makes a missing or
// misspelt key a compile error.

import type { Messages } from "../i18n";
import type { zhCN } from "./AgentCard.zh-CN";

export const en: Messages<typeof zhCN> = {
  "col.score": "Score",
  "cell.points": "{points} pts",
  "cell.of": "{actual}/{target}",
  "cell.pending": "{count} days pending",
  "cell.pending1": "1 day pending",
  "col.premium": "Premium",
  "card.noPending": "No days pending",
  "card.streak": "On target {count} days running",
  "card.streak1": "On target 1 day",
  "card.noStreak": "No days running on target",
  rank: "No. {rank}",
};
