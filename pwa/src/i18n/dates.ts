// Dates and times as the app writes them. Pure (the language, the zone and
// the clock are passed in; i18n/index.ts reads them at the edge), so the
// Node tests can run them in any zone.
//
// - An instant (a visit's occurred_at, a sync) is written in the team's zone,
//   never the phone's: the same visit reads 08:14 on every screen.
// - A calendar day (a log's date, YYYY-MM-DD) already is the team's day: it is
//   written as it is, on a zone-free calendar.
// - A date carries its year whenever that is not the current year in the
//   team's zone (a log of 2099, a note from last December).

import { wallTime } from "../time";

/** What formatting depends on besides the value: the language, the team's zone, and now (Unix ms). */
export interface Clock {
  lang: string;
  zone: string;
  now: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function format(lang: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang}\u0000${JSON.stringify(opts)}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang, opts);
    formats.set(key, f);
  }
  return f;
}

/** The current year in the team's zone. */
export function thisYear(c: Clock): number {
  return wallTime(c.now, c.zone).year;
}

/**
 * `opts` with the year added when it writes a date (a day of a month) of a
 * year other than `current`. A weekday or a month alone is not a date, and
 * options that already say how to write the year are kept.
 */
export function withYear(opts: Intl.DateTimeFormatOptions, year: number, current: number): Intl.DateTimeFormatOptions {
  if (year === current || opts.day === undefined || opts.year !== undefined || opts.dateStyle !== undefined) return opts;
  return { year: "numeric", ...opts };
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Noon UTC of a calendar day, NaN when it is not one. */
function noonUTC(day: string): number {
  const m = DAY.exec(day);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12) : NaN;
}

/** The default way to write a day: 12月3日周四, Thu, Dec 3 (and the year when not this year). */
export const DAY_OPTS: Intl.DateTimeFormatOptions = { month: "short", day: "numeric", weekday: "short" };

/** A calendar day (YYYY-MM-DD) as the language writes it; anything else comes back as it is. */
export function dayText(day: string, opts: Intl.DateTimeFormatOptions, c: Clock): string {
  const ms = noonUTC(day);
  if (Number.isNaN(ms)) return day;
  return format(c.lang, { ...withYear(opts, Number(day.slice(0, 4)), thisYear(c)), timeZone: "UTC" }).format(ms);
}

/** A span of days (YYYY-MM-DD, start ≤ end) the language's way: Nov 23 – 29, 11月23日至29日; years as dayText. */
export function dayRangeText(start: string, end: string, opts: Intl.DateTimeFormatOptions, c: Clock): string {
  const a = noonUTC(start);
  const b = noonUTC(end);
  if (Number.isNaN(a) || Number.isNaN(b)) return `${start}–${end}`;
  const now = thisYear(c);
  const other = Number(start.slice(0, 4)) !== now ? Number(start.slice(0, 4)) : Number(end.slice(0, 4));
  const f = format(c.lang, { ...withYear(opts, other, now), timeZone: "UTC" });
  // Firefox before 91 has no formatRange.
  return typeof f.formatRange === "function" ? f.formatRange(a, b) : `${f.format(a)}–${f.format(b)}`;
}

/** An instant (Unix ms) in the team's zone as the language writes it; "" when it is not a time. */
export function instantText(ms: number, opts: Intl.DateTimeFormatOptions, c: Clock): string {
  if (!Number.isFinite(ms)) return "";
  return format(c.lang, { ...withYear(opts, wallTime(ms, c.zone).year, thisYear(c)), timeZone: c.zone }).format(ms);
}

const pad = (n: number) => String(n).padStart(2, "0");

/** The time of day of an instant in zone, on the 24-hour clock, in every language: 08:14. "" when it is not a time. */
export function clockText(ms: number, zone: string): string {
  if (!Number.isFinite(ms)) return "";
  const w = wallTime(ms, zone);
  return `${pad(w.hour)}:${pad(w.minute)}`;
}

/** A date and a time of day: 12月3日 08:14, Dec 3, 08:14 (the year when not this year). */
export const WHEN_OPTS: Intl.DateTimeFormatOptions = { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
