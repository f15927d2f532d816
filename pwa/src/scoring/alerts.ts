// The coaching alerts the server raises (scoring/alerts.go) in the
// interface's words: why, and what to practise. A code this version does not
// know is left to the screen, which shows the server's own words.

import { translator } from "../i18n";
import { en } from "./alerts.en";
import { zhCN } from "./alerts.zh-CN";

const tr = translator({ "zh-CN": zhCN, en });

/** An alert code's reason and what to practise; null for a code without words here. */
export function alertWords(code: string): { why: string; what: string } | null {
  const why = `alert.${code}`;
  const what = `alert.${code}.do`;
  return tr.has(why) && tr.has(what) ? { why: tr(why), what: tr(what) } : null;
}
