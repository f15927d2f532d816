// The retention of Plan 100 names, as the server's retention.go decides it,
// computed on the phone from its own copy so the agent sees the list
// offline: a name nothing happened with for the team's months is dormant,
// and the server erases it 30 days later unless the agent keeps it.
// ../testdata/dormancy.json holds the cases both rules are tested with.
// Pure.

import { wallTime, fromWall } from "../time";
import { isInteraction } from "./interactions";
import type { Activity, Prospect } from "./model";

/** How long a dormant name waits for its agent's answer (fieldbook.RetentionGraceDays). */
export const GRACE_DAYS = 30;

/** What the rule reads of a prospect: instants in Unix ms, NaN for none. */
export interface Trace {
  customerId: string | null;
  updatedAt: number;
  keptAt: number;
  lastActivity: number;
}

/** Where a prospect stands under the rule at a time (fieldbook.Dormancy); instants in Unix ms. */
export interface Dormancy {
  /** False when the team keeps names for ever, the name became a customer file, or there is no time to count from. */
  applies: boolean;
  lastTouch: number;
  dormantAt: number;
  purgeAt: number;
  dormant: boolean;
  purge: boolean;
}

const NONE: Dormancy = { applies: false, lastTouch: NaN, dormantAt: NaN, purgeAt: NaN, dormant: false, purge: false };

const pad = (n: number, width = 2) => String(n).padStart(width, "0");
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Instant ms moved by months and days on zone's calendar, at the same
 * wall-clock time; a day the month lacks becomes its last (Aug 31 and 6
 * months is Feb 28), as retention.go's AddMonths.
 */
export function addCalendar(ms: number, months: number, days: number, zone: string): number {
  const w = wallTime(ms, zone);
  const first = new Date(Date.UTC(w.year, w.month - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  const day = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(w.day, last) + days));
  const wall = `${pad(day.getUTCFullYear(), 4)}-${pad(day.getUTCMonth() + 1)}-${pad(day.getUTCDate())}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
  const at = fromWall(wall, zone);
  return at === null ? NaN : at + (((ms % 1000) + 1000) % 1000);
}

/** The rule applied to a prospect at now, for a team keeping names `months` months (0: for ever) in zone. */
export function dormancy(p: Trace, months: number, zone: string, now: number): Dormancy {
  const times = [p.updatedAt, p.keptAt, p.lastActivity].filter((t) => !Number.isNaN(t));
  if (months <= 0 || p.customerId || times.length === 0) return NONE;
  const lastTouch = Math.max(...times);
  const dormantAt = addCalendar(lastTouch, months, 0, zone);
  const purgeAt = addCalendar(dormantAt, 0, GRACE_DAYS, zone);
  return { applies: true, lastTouch, dormantAt, purgeAt, dormant: now > dormantAt, purge: now > purgeAt };
}

/** A dormant name as the Plan 100 screen lists it. */
export interface DormantName {
  prospect: Prospect;
  lastTouch: number;
  purgeAt: number;
}

/**
 * The dormant names among prospects at now, the soonest purged first. The
 * activities counted are the interactions naming a name (not voided; the
 * 获客 that added it is not one), those recorded on this phone and not yet
 * sent included, as the server's index holds them.
 */
export function dormantNames(prospects: readonly Prospect[], activities: readonly Activity[], months: number, zone: string, now: number): DormantName[] {
  if (months <= 0) return [];
  const last = new Map<string, number>();
  for (const a of activities) {
    if (!a.prospectId || a.voided || !isInteraction(a) || Number.isNaN(a.at)) continue;
    last.set(a.prospectId, Math.max(last.get(a.prospectId) ?? -Infinity, a.at));
  }
  // A month is at least 28 days (less an hour or two where a clock is put
  // forward): a name touched since is not dormant, and the exact calendar,
  // slow over thousands of names, is worked out only for the others.
  const recent = now - months * 28 * DAY_MS + 2 * HOUR_MS;
  const out: DormantName[] = [];
  for (const p of prospects) {
    const trace: Trace = { customerId: p.customerId, updatedAt: Date.parse(p.updatedAt), keptAt: Date.parse(p.keptAt), lastActivity: last.get(p.id) ?? NaN };
    if (trace.updatedAt >= recent || trace.keptAt >= recent || trace.lastActivity >= recent) continue;
    const d = dormancy(trace, months, zone, now);
    if (d.dormant) out.push({ prospect: p, lastTouch: d.lastTouch, purgeAt: d.purgeAt });
  }
  return out.sort((a, b) => a.purgeAt - b.purgeAt || (a.prospect.id < b.prospect.id ? -1 : a.prospect.id > b.prospect.id ? 1 : 0));
}
