// The call just made: a tap on a phone number (a tel: link in Plan 100 or a
// customer file) notes whom and when on the device; when the app is seen
// again after the call, it offers to record it (CallBack.tsx). Pure but for
// the note, which lives in localStorage (per user) so that an app the
// system killed during the call still offers it when opened again.

import type { Fields } from "../sync";
import { activityFields, newDraft } from "./activityDraft";

/** A call started from a tel: link. */
export interface StartedCall {
  /** Whom: "c:<customer id>" or "p:<prospect id>" (see activityDraft.subjectOf). */
  who: string;
  /** When the link was tapped, in Unix ms: the time the call is recorded at. */
  at: number;
}

/**
 * How long after the tap the app still offers to record the call: a call
 * and the writing up take minutes, but a tap from yesterday is no longer
 * "the call just made".
 */
export const CALL_OFFER_MS = 3 * 60 * 60_000;

const key = (user: string) => `fieldbook.call.${user}`;

/** Notes a call started now with whom. */
export function noteCall(user: string, who: string, now = Date.now()): void {
  try {
    localStorage.setItem(key(user), JSON.stringify({ who, at: now } satisfies StartedCall));
  } catch {
    // A full or blocked storage: the call is simply not offered afterwards.
  }
}

/** The call noted for user, if it is still one to offer at now; a stale or unreadable note is forgotten. */
export function pendingCall(user: string, now = Date.now()): StartedCall | null {
  let raw: string | null = null;
  try {
    raw = localStorage.getItem(key(user));
  } catch {
    return null;
  }
  const call = parseCall(raw, now);
  if (!call && raw !== null) forgetCall(user);
  return call;
}

/** Forgets the noted call (recorded or dismissed). */
export function forgetCall(user: string): void {
  try {
    localStorage.removeItem(key(user));
  } catch {
    // nothing to forget
  }
}

/** A stored note read back: a call to someone, tapped within CALL_OFFER_MS before now (and not after it). */
export function parseCall(raw: string | null, now: number): StartedCall | null {
  if (!raw) return null;
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof v !== "object" || v === null) return null;
  const { who, at } = v as Record<string, unknown>;
  if (typeof who !== "string" || !/^[cp]:.+$/.test(who) || typeof at !== "number" || !Number.isFinite(at)) return null;
  if (at > now + 60_000 || now - at > CALL_OFFER_MS) return null;
  return { who, at };
}

/**
 * The fields that record the call as a new activity, through the activity
 * sheet's own rules (activityFields): a call, with whom, at the time the
 * number was tapped on the team's clock.
 */
export function callFields(call: StartedCall, zone: string): Fields {
  const base = newDraft(call.at, zone, call.who);
  return activityFields(base, base, { kind: "call", zone, now: call.at, isNew: true });
}
