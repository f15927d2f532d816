// A customer file in words, where the agent's customers screen and the
// supervisor's view of an agent's files list them: what a file lacks, and
// its age and occupation line.

import type { Customer, FilePart } from "../data";
import { label } from "../data/labels";
import { translator } from "../i18n";
import { en } from "./customerFile.en";
import { zhCN } from "./customerFile.zh-CN";

const tr = translator({ "zh-CN": zhCN, en });

/** 缺：年龄、家庭, or 完整. */
export function missingText(missing: readonly FilePart[]): string {
  if (missing.length === 0) return tr("complete");
  return tr("missing", { parts: missing.map((p) => label("part", p)).join(tr("sep")) });
}

/** 35岁 · 教师: the age and occupation line of the list. */
export function detailsText(c: Customer): string {
  const parts = [c.age === null ? "" : tr("age", { n: c.age }), c.occupation].filter(Boolean);
  return parts.length > 0 ? parts.join(" · ") : tr("noDetails");
}
