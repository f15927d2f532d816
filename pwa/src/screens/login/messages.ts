// The sign-in screen's words: its catalogues are messages.zh-CN.ts and
// messages.en.ts (the app's name is the shell's).

import { translator } from "../../i18n";
import { en } from "./messages.en";
import { zhCN } from "./messages.zh-CN";

export const tr = translator({ "zh-CN": zhCN, en });

/** What the screen says when sign-in is locked for `minutes` (lockoutMinutes of Retry-After). */
export function lockoutText(minutes: number): string {
  return minutes === 1 ? tr("lockedFor1") : tr("lockedFor", { minutes });
}
