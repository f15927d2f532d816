// The lost-edit notice's words in English. The type makes a missing or
// misspelt key a compile error.

import type { Messages } from "../i18n";
import type { zhCN } from "./LostEdits.zh-CN";

export const en: Messages<typeof zhCN> = {
  title: "Overwritten by a change from another device",
  what: "{field}: you set “{value}” at {mine}; it was changed to “{now}” at {when}.",
  restore: "Restore my change",
  dismiss: "OK",
  restored: "“{field}” restored; it syncs when online.",
  failed: "Could not restore: {message}",
  empty: "empty",
  "field.name": "Name",
  "field.phone": "Phone",
  "field.source": "Source",
  "field.referrer": "Referred by",
  "field.grade": "Grade",
  "field.need_score": "Need",
  "field.wealth_score": "Wealth",
  "field.trust_score": "Trust",
  "field.stage": "Stage",
  "field.notes": "Notes",
  "field.gender": "Gender",
  "field.age": "Age",
  "field.occupation": "Occupation",
  "field.income_band": "Household income",
  "field.spouse": "Spouse",
  "field.children": "Children",
  "field.needs": "Needs",
  "field.outcome": "Outcome",
  "field.next_step": "Next step",
  "field.next_at": "Follow up on",
  "field.premium": "Premium (yuan)",
  "field.occurred_at": "Time",
  "field.customer_id": "With",
  "field.prospect_id": "With",
};
