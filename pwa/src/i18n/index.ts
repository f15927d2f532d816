// The interface language: Simplified Chinese by default, English on request,
// the choice kept in localStorage. Components that call t() during render
// re-render when the language changes, because t() reads the `lang` signal.

import { effect, signal } from "@preact/signals";
import { en } from "./en";
import { zhCN, type MessageKey } from "./zh-CN";

export type { MessageKey } from "./zh-CN";
export type Lang = "zh-CN" | "en";

const LANG_KEY = "fieldbook.lang";
const catalogues: Record<Lang, Record<MessageKey, string>> = { "zh-CN": zhCN, en };

function storedLang(): Lang {
  try {
    return localStorage.getItem(LANG_KEY) === "en" ? "en" : "zh-CN";
  } catch {
    return "zh-CN"; // storage disabled: the default
  }
}

export const lang = signal<Lang>(storedLang());

effect(() => {
  document.documentElement.lang = lang.value;
  document.title = catalogues[lang.value]["app.name"];
});

export function setLang(l: Lang): void {
  lang.value = l;
  try {
    localStorage.setItem(LANG_KEY, l);
  } catch {
    // Not persisted; the choice still holds for this visit.
  }
}

/** The message for key in the current language, with `{name}` parameters filled in. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  return catalogues[lang.value][key].replace(/\{(\w+)\}/g, (m, name: string) =>
    name in params ? String(params[name]) : m,
  );
}

/** Whether a message key exists (for codes that come from the server). */
export function hasKey(key: string): key is MessageKey {
  return key in zhCN;
}

/** A date and time in the user's time zone, in the current language. */
export function formatDateTime(ms: number): string {
  return new Intl.DateTimeFormat(lang.value, { dateStyle: "medium", timeStyle: "short" }).format(ms);
}

/** A time of day to the second (retries are seconds apart), in the current language. */
export function formatTime(ms: number): string {
  return new Intl.DateTimeFormat(lang.value, { timeStyle: "medium" }).format(ms);
}
