// What is pending beside what counts (docs/scoring.md): an approved day counts
// what its supervisor approved, and a change to it, like a day not yet
// approved, waits as a delta — the day as it now stands minus the approved
// counts, per kind, negative when something was removed. Screens show the
// counted number and the delta beside it: 拜访 12 (+2 待审).

import { label } from "../data/labels";
import { translator } from "../i18n";
import { formatNumber } from "../i18n/format";
import { en } from "./pending.en";
import { zhCN } from "./pending.zh-CN";

const tr = translator({ "zh-CN": zhCN, en });

/** A delta with its sign: +2, −1 (a real minus sign); "" for none or 0. */
export function signed(delta: number | undefined): string {
  if (!delta) return "";
  return `${delta > 0 ? "+" : "−"}${formatNumber(Math.abs(delta), 2)}`;
}

/** What is pending of one kind: "+2 待审"; "" when nothing is. */
export function pendingText(delta: number | undefined): string {
  return delta ? tr("delta", { delta: signed(delta) }) : "";
}

/** A counted number with its pending delta beside it: "12 (+2 待审)", or "12" when nothing is pending. */
export function withPending(count: number | string, delta: number | undefined): string {
  const shown = typeof count === "number" ? formatNumber(count, 2) : count;
  return delta ? tr("beside", { count: shown, pending: pendingText(delta) }) : shown;
}

/** A kind's counted number with its pending delta: "拜访 12 (+2 待审)". */
export function kindWithPending(kind: string, count: number, delta: number | undefined): string {
  return tr("kind", { kind: label("kind", kind), count: withPending(count, delta) });
}

/** The kinds that have something pending, in the order given (only non-zero deltas). */
export function pendingKinds(pending: Readonly<Record<string, number>>, order: readonly string[]): string[] {
  const known = order.filter((k) => (pending[k] ?? 0) !== 0);
  const other = Object.keys(pending)
    .filter((k) => !order.includes(k) && (pending[k] ?? 0) !== 0)
    .sort();
  return [...known, ...other];
}

/** Every kind with something pending, in the order given: "拜访 +2 · 成交 −1"; "" when nothing is. */
export function pendingList(pending: Readonly<Record<string, number>>, order: readonly string[]): string {
  return pendingKinds(pending, order)
    .map((k) => tr("kind", { kind: label("kind", k), count: signed(pending[k]) }))
    .join(" · ");
}

/** The day strip's mark for a day changed after approval. */
export function amendedMark(): string {
  return tr("amended");
}

/** How many days were changed after approval: "1 天已修改，待重审"; "" for none. */
export function amendedDaysText(count: number): string {
  return count <= 0 ? "" : count === 1 ? tr("amendedDay") : tr("amendedDays", { count });
}
