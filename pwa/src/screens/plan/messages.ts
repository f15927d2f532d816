// Plan 100's own words (the catalogues are messages.zh-CN.ts and
// messages.en.ts), and the lines that put a prospect's source and scores
// into words. The domain's words (stages, grades, sources, scores, kinds)
// come from data/labels.

import type { Prospect } from "../../data";
import { label } from "../../data/labels";
import { translator } from "../../i18n";
import { en } from "./messages.en";
import { zhCN } from "./messages.zh-CN";

export const tr = translator({ "zh-CN": zhCN, en });

/** 转介绍：张姐, or the source alone; "" without one. */
export function sourceText(p: Prospect): string {
  if (p.source === "referral" && p.referrer) return tr("referredBy", { source: label("source", p.source), name: p.referrer });
  return label("source", p.source);
}

/** 需求匹配度 8 · 购买力 9 · 信任度 –: the three scores, "–" where not scored. */
export function scoresText(p: Prospect): string {
  const score = (n: number | null) => (n === null ? "–" : String(n));
  return [
    `${label("score", "need")} ${score(p.need)}`,
    `${label("score", "wealth")} ${score(p.wealth)}`,
    `${label("score", "trust")} ${score(p.trust)}`,
  ].join(" · ");
}
