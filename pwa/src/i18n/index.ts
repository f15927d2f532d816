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
  if (typeof document === "undefined") return; // the Node tests of screens' words
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

/**
 * A screen's own messages: Chinese and English side by side, loaded with the
 * screen's code rather than with the first paint. The English catalogue must
 * have every Chinese key (the type enforces it).
 *
 *   const tr = messages({ title: "计划100" }, { title: "Plan 100" });
 *   tr("title")
 */
export function messages<K extends string>(
  zh: Record<K, string>,
  english: Record<K, string>,
): (key: K, params?: Record<string, string | number>) => string {
  return (key, params = {}) =>
    (lang.value === "en" ? english : zh)[key].replace(/\{(\w+)\}/g, (m, name: string) =>
      name in params ? String(params[name]) : m,
    );
}

/** A date (YYYY-MM-DD or a time) as the current language writes it, e.g. 11月28日周六. */
export function formatDay(day: string, opts: Intl.DateTimeFormatOptions = { month: "short", day: "numeric", weekday: "short" }): string {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(day) ? new Date(`${day}T12:00:00`) : new Date(day);
  return Number.isNaN(d.getTime()) ? day : new Intl.DateTimeFormat(lang.value, opts).format(d);
}

/** A number of yuan, e.g. ¥5,000. */
export function formatYuan(n: number): string {
  return new Intl.NumberFormat(lang.value, { style: "currency", currency: "CNY", currencyDisplay: "narrowSymbol", maximumFractionDigits: 0 }).format(n);
}
