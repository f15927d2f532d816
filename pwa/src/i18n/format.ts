// Numbers, months and periods as the screens write them, in the current language.
// A figure the server cannot know (a rate without a denominator) is "—".

import type { Period } from "../scoring/period";
import { en } from "./format.en";
import { zhCN } from "./format.zh-CN";
import { formatDay, formatDayRange, lang, translator } from "./index";

const NONE = "—";

/** A number with at most `digits` decimals: 83, 72.5. */
export function formatNumber(n: number, digits = 1): string {
  return new Intl.NumberFormat(lang.value, { maximumFractionDigits: digits }).format(n);
}

/** A share as a percentage with at most one decimal: 0.3375 → 33.8%. */
export function formatPercent(rate: number | null): string {
  return rate === null ? NONE : new Intl.NumberFormat(lang.value, { style: "percent", maximumFractionDigits: 1 }).format(rate);
}

/** A number or "—". */
export function formatMaybe(n: number | null, digits = 1): string {
  return n === null ? NONE : formatNumber(n, digits);
}

/** A month YYYY-MM: 2026年11月, November 2026. */
export function formatMonth(month: string): string {
  return formatDay(`${month}-01`, { year: "numeric", month: "long" });
}

/** A day without the weekday: 11月23日, Nov 23 (the year when not this year). */
export function formatShortDay(day: string): string {
  return formatDay(day, { month: "short", day: "numeric" });
}

const tr = translator({ "zh-CN": zhCN, en });

/**
 * A period's heading, short enough for one line on a 360 px phone: 第48周 · 11/23 – 11/29,
 * Week 48 · Nov 23 – 29, 2026年11月; a week of another year than this one names its years.
 */
export function formatPeriod(p: Period): string {
  if (p.kind === "month") return formatMonth(p.label);
  return `${tr("week", { n: Number(p.label.slice(6)) })} · ${formatDayRange(p.start, p.end)}`;
}
