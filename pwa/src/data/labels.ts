// The domain's words in both languages (docs/domain.md "Words used in the
// interface"), shared by every screen that shows them; the catalogues are
// labels.zh-CN.ts and labels.en.ts.

import { translator } from "../i18n";
import { en } from "./labels.en";
import { zhCN } from "./labels.zh-CN";

const tr = translator({ "zh-CN": zhCN, en });

type Group = "kind" | "stage" | "grade" | "source" | "tag" | "need" | "income" | "gender" | "part" | "state" | "band" | "award" | "score";

/** The label of a domain value, e.g. label("kind", "visit") → 拜访; an unknown value is shown as it is. */
export function label(group: Group, value: string | null | undefined): string {
  if (!value) return "";
  const key = `${group}.${value}`;
  return tr.has(key) ? tr(key) : value;
}
