// The interface language: Simplified Chinese by default, English on request,
// the choice kept in localStorage. Components that call t() or a screen's
// tr() during render re-render when the language changes, because both read
// the `lang` signal.
//
// Every part of the app keeps its words in a catalogue per language: the
// shell's are here (zh-CN.ts, en.ts), each screen's beside it
// (screens/NAME/messages.zh-CN.ts and messages.en.ts), each shared piece's
// beside it, the domain's words in data/. The Chinese catalogue names the
// keys; the English one is typed Messages<typeof zhCN>, so a missing or an
// unknown key fails the type check. translator() turns a catalogue pair into
// the function that looks words up.

import { effect, signal } from "@preact/signals";
import { teamZone } from "../api";
import { clockText, DAY_OPTS, dayRangeText, dayText, instantText, WHEN_OPTS, type Clock } from "./dates";
import { en } from "./en";
import { zhCN, type MessageKey } from "./zh-CN";

export type { MessageKey } from "./zh-CN";
export type Lang = "zh-CN" | "en";

/** A message's `{name}` parameters. */
export type Params = Record<string, string | number>;

/**
 * A catalogue in another language than the default: every key of the
 * Simplified Chinese catalogue C, and no other.
 */
export type Messages<C> = { readonly [K in keyof C]: string };

/** Looks words up in a catalogue pair, in the current language. */
export interface Translate<K extends string> {
  (key: K, params?: Params): string;
  /** Whether key is in the catalogue (for codes that come from the server). */
  has(key: string): key is K;
}

/**
 * The lookup of a part of the app's words: its catalogue in each language.
 * `{name}` in a message is replaced by params[name].
 *
 *   const tr = translator({ "zh-CN": zhCN, en });
 *   tr("title")
 */
export function translator<K extends string>(catalogues: Readonly<Record<Lang, Readonly<Record<K, string>>>>): Translate<K> {
  const tr = (key: K, params: Params = {}): string =>
    catalogues[lang.value][key].replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
  return Object.assign(tr, {
    has: (key: string): key is K => Object.prototype.hasOwnProperty.call(catalogues["zh-CN"], key),
  });
}

const LANG_KEY = "fieldbook.lang";

function storedLang(): Lang {
  try {
    return localStorage.getItem(LANG_KEY) === "en" ? "en" : "zh-CN";
  } catch {
    return "zh-CN"; // storage disabled: the default
  }
}

export const lang = signal<Lang>(storedLang());

/** The shell's words: the status strip, the tab bar, the account, the update prompt, the roles, the connection's states. */
export const t: Translate<MessageKey> = translator({ "zh-CN": zhCN, en });

effect(() => {
  if (typeof document === "undefined") return; // the Node tests of screens' words
  document.documentElement.lang = lang.value;
  document.title = t("app.name");
});

export function setLang(l: Lang): void {
  lang.value = l;
  try {
    localStorage.setItem(LANG_KEY, l);
  } catch {
    // Not persisted; the choice still holds for this visit.
  }
}

/** What dates are written with now: the language, the team's zone (never the phone's), the time. */
export function clock(): Clock {
  return { lang: lang.value, zone: teamZone.value, now: Date.now() };
}

/** A date and time (Unix ms) in the team's zone, e.g. 12月3日 08:14; the year when it is not this year. */
export function formatDateTime(ms: number): string {
  return instantText(ms, WHEN_OPTS, clock());
}

/** A time of day to the second (retries are seconds apart) in the team's zone: 08:14:05. */
export function formatTime(ms: number): string {
  return instantText(ms, { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" }, clock());
}

/** The time of day (Unix ms) in the team's zone, 24-hour in every language: 08:14. */
export function formatClock(ms: number): string {
  return clockText(ms, teamZone.value);
}

/**
 * A date as the current language writes it, e.g. 12月3日周四: a calendar day
 * (YYYY-MM-DD) as it is, or an RFC 3339 time's instant in the team's zone.
 * The year is added whenever it is not the current year in the team's zone.
 */
export function formatDay(day: string, opts: Intl.DateTimeFormatOptions = DAY_OPTS): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(day)) return dayText(day, opts, clock());
  const ms = Date.parse(day);
  return Number.isNaN(ms) ? day : instantText(ms, opts, clock());
}

/** A span of days (YYYY-MM-DD) the language's way: Nov 23 – 29; the years when not this year. */
export function formatDayRange(start: string, end: string, opts: Intl.DateTimeFormatOptions = { month: "short", day: "numeric" }): string {
  return dayRangeText(start, end, opts, clock());
}

/** A number of yuan, e.g. ¥5,000. */
export function formatYuan(n: number): string {
  const l = lang.value;
  let f = yuanFormats.get(l);
  if (!f) {
    // Made once per language: a screen writes many amounts per render.
    f = new Intl.NumberFormat(l, { style: "currency", currency: "CNY", currencyDisplay: "narrowSymbol", maximumFractionDigits: 0 });
    yuanFormats.set(l, f);
  }
  return f.format(n);
}

const yuanFormats = new Map<string, Intl.NumberFormat>();
