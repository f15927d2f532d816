// The coaching alerts' words in English. The type makes a missing or misspelt
// key a compile error.

import type { Messages } from "../i18n";
import type { zhCN } from "./alerts.zh-CN";

export const en: Messages<typeof zhCN> = {
  "alert.phone_skills": "Appointment success under 20% three months running.",
  "alert.phone_skills.do": "phone appointment skills",
  "alert.needs_discovery": "Close rate at the team's average or better, but average premium under 70% of the team's.",
  "alert.needs_discovery.do": "needs discovery and product combination",
  "alert.referral_practice": "Weekly visits under target two weeks running.",
  "alert.referral_practice.do": "asking for referrals, to fill the list",
  "alert.file_upkeep": "Customer files under 80% complete.",
  "alert.file_upkeep.do": "filling in files and their interactions",
};
