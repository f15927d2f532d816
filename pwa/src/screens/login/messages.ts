// The sign-in screen's own words (the rest are the shell's, in i18n/).

import { messages } from "../../i18n";

export const tr = messages(
  {
    lockedFor: "尝试次数过多，请 {minutes} 分钟后再试。",
    lockedFor1: "尝试次数过多，请 1 分钟后再试。",
  },
  {
    lockedFor: "Too many attempts. Try again in {minutes} minutes.",
    lockedFor1: "Too many attempts. Try again in 1 minute.",
  },
);

/** What the screen says when sign-in is locked for `minutes` (lockoutMinutes of Retry-After). */
export function lockoutText(minutes: number): string {
  return minutes === 1 ? tr("lockedFor1") : tr("lockedFor", { minutes });
}
