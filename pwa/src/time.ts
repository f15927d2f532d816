// Times as the server expects them, and as the team sees them.
//
// Every time shown and every day counted is in the team's time zone (the
// signed-in user's `time_zone`), whatever the zone of the phone: the server
// counts a visit on the team's calendar day, so the app must too.

const pad = (n: number, width = 2) => String(Math.trunc(Math.abs(n))).padStart(width, "0");

/**
 * RFC 3339 with the device's own UTC offset, to the second, for example
 * 2026-11-28T10:30:00+08:00.
 */
export function rfc3339Local(d: Date): string {
  const offsetMin = -d.getTimezoneOffset();
  return `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` +
    `T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}${offset(offsetMin)}`;
}

function offset(min: number): string {
  return `${min >= 0 ? "+" : "-"}${pad(min / 60)}:${pad(min % 60)}`;
}

/** The wall-clock fields of an instant in a zone. */
export interface WallTime {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric",
      hour: "numeric", minute: "numeric", second: "numeric",
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The wall-clock time of instant ms (Unix milliseconds) in zone (IANA name). */
export function wallTime(ms: number, zone: string): WallTime {
  // Screens write hundreds of times per render: on a UTC day over which the
  // zone's offset does not change (nearly all of them), one Intl call per
  // zone and day serves every instant in it. The wall clock is the UTC
  // fields of the instant moved by the offset, to the second as Intl gives it.
  const off = Number.isFinite(ms) ? steadyOffsetMs(ms, zone) : null;
  if (off !== null) {
    const d = new Date(Math.floor(ms / 1000) * 1000 + off);
    const year = d.getUTCFullYear();
    if (year >= 1 && year <= 9999) {
      return { year, month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() };
    }
  }
  return intlWallTime(ms, zone);
}

/** wallTime from Intl itself, one call per instant. */
function intlWallTime(ms: number, zone: string): WallTime {
  const out: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(ms)) {
    if (p.type !== "literal") out[p.type] = Number(p.value);
  }
  return { year: out["year"]!, month: out["month"]!, day: out["day"]!, hour: out["hour"]! % 24, minute: out["minute"]!, second: out["second"]! };
}

/** Minutes the zone is ahead of UTC at instant ms (+480 for Asia/Shanghai). */
export function offsetMinutes(ms: number, zone: string): number {
  const w = intlWallTime(ms, zone);
  const asUTC = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUTC - Math.floor(ms / 1000) * 1000) / 60_000);
}

/** The calendar day (YYYY-MM-DD) of instant ms in zone. */
export function dayIn(ms: number, zone: string): string {
  // Screens count thousands of activities by day: on a UTC day with no
  // change of offset (nearly all of them), one Intl call per zone and day
  // serves every instant in it.
  const off = steadyOffset(ms, zone);
  if (off !== null) {
    const d = new Date(ms + off * 60_000);
    return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  }
  const w = wallTime(ms, zone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

const DAY_MS = 86_400_000;
const steady = new Map<string, number | null>();

/** zone's offset over the whole UTC day holding ms, or null when it changes that day. */
function steadyOffset(ms: number, zone: string): number | null {
  const start = Math.floor(ms / DAY_MS) * DAY_MS;
  const key = `${zone}\u0000${start}`;
  let off = steady.get(key);
  if (off === undefined) {
    const first = offsetMinutes(start, zone);
    off = first === offsetMinutes(start + DAY_MS - 1, zone) ? first : null;
    if (steady.size >= 10_000) steady.clear();
    steady.set(key, off);
  }
  return off;
}

const steadyMs = new Map<string, number | null>();

/**
 * zone's offset in ms (to the second: old local mean times have seconds)
 * over the whole UTC day holding ms, or null when it changes that day.
 */
function steadyOffsetMs(ms: number, zone: string): number | null {
  const start = Math.floor(ms / DAY_MS) * DAY_MS;
  const key = `${zone}\u0000${start}`;
  let off = steadyMs.get(key);
  if (off === undefined) {
    const at = (t: number) => {
      const w = intlWallTime(t, zone);
      return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(t / 1000) * 1000;
    };
    const first = at(start);
    // No zone is a day or more from UTC: anything else is Date.UTC reading a
    // year before 100 as 19xx, and Intl is asked instead.
    off = Number.isFinite(first) && Math.abs(first) < DAY_MS && first === at(start + DAY_MS - 1) ? first : null;
    if (steadyMs.size >= 10_000) steadyMs.clear();
    steadyMs.set(key, off);
  }
  return off;
}

/** RFC 3339 of instant ms with zone's offset then, to the second: 2026-11-28T10:30:00+08:00. */
export function rfc3339In(ms: number, zone: string): string {
  const w = wallTime(ms, zone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}` +
    offset(offsetMinutes(ms, zone));
}

/** The value of an `<input type="datetime-local">` showing instant ms in zone: YYYY-MM-DDTHH:MM. */
export function wallInput(ms: number, zone: string): string {
  const w = wallTime(ms, zone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/**
 * The instant whose wall-clock time in zone is `value` (YYYY-MM-DDTHH:MM,
 * seconds optional), or null when value is not such a time. A time skipped by
 * a daylight-saving change resolves to the instant after the gap.
 */
export function fromWall(value: string, zone: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number, number];
  const asUTC = Date.UTC(y, mo - 1, d, h, mi, s);
  if (Number.isNaN(asUTC) || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  // The zone's offset either side of the guess; the one whose wall time
  // matches wins, and in a daylight-saving gap (none matches) the later.
  const candidates = [asUTC - 36 * 3_600_000, asUTC + 36 * 3_600_000]
    .map((probe) => asUTC - offsetMinutes(probe, zone) * 60_000)
    .concat(asUTC - offsetMinutes(asUTC, zone) * 60_000);
  const want = value.length === 16 ? value : value.slice(0, 16);
  const exact = candidates.filter((ms) => wallInput(ms, zone) === want && wallTime(ms, zone).second === s);
  return exact.length > 0 ? Math.min(...exact) : Math.max(...candidates);
}

/** The instant of an RFC 3339 time as the server stores it, NaN when it is not one. */
export function instant(rfc3339: string): number {
  return Date.parse(rfc3339);
}
