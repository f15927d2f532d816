// The app PIN (issue 11, a lost phone), pure but for WebCrypto: a 4–6 digit
// PIN asked when the app comes back after N minutes in the background. It
// is kept per user in localStorage (`fieldbook.pin.<user id>`) as a PBKDF2
// hash with a random salt, the minutes and the wrong tries in a row; after
// MAX_FAILURES of them the caller wipes the device (api.ts wipeDevice).
//
// The PIN gates the interface only: the data in IndexedDB is not encrypted
// by it.

/** What localStorage needs to offer (a Storage; a Map-backed one in the tests). */
export type PinStorage = Pick<Storage, "getItem" | "setItem" | "removeItem">;

export interface PinRecord {
  /** base64 of 16 random bytes. */
  salt: string;
  /** base64 of PBKDF2-SHA-256(pin, salt, ITERATIONS), 32 bytes. */
  hash: string;
  /** Minutes in the background after which the PIN is asked. */
  minutes: number;
  /** Wrong PINs in a row at the lock. */
  failures: number;
}

export const PIN_MINUTES = [1, 5, 15, 30] as const;
export const DEFAULT_MINUTES = 5;
/** Wrong PINs in a row after which the device signs out and deletes the user's data. */
export const MAX_FAILURES = 5;
const ITERATIONS = 100_000;
/** When the page last became hidden (milliseconds since the epoch), for whoever is signed in. */
export const HIDDEN_AT_KEY = "fieldbook.hiddenAt";

export const pinKey = (userId: string) => `fieldbook.pin.${userId}`;

/** Whether s is a PIN: 4 to 6 digits. */
export function validPin(s: string): boolean {
  return /^[0-9]{4,6}$/.test(s);
}

/**
 * Whether the app must ask the PIN now: it was hidden at lastHiddenAt and
 * minutes have passed since. An unknown time (the page was never seen
 * hidden) or one in the future (the clock went back) asks too.
 */
export function needsUnlock(lastHiddenAt: number | null, now: number, minutes: number): boolean {
  if (lastHiddenAt === null || !Number.isFinite(lastHiddenAt) || now < lastHiddenAt) return true;
  return now - lastHiddenAt >= minutes * 60_000;
}

const toBase64 = (b: Uint8Array) => btoa(String.fromCharCode(...b));
const fromBase64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

async function derive(pin: string, salt: Uint8Array<ArrayBuffer>): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(pin), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations: ITERATIONS }, key, 256);
  return toBase64(new Uint8Array(bits));
}

/** The user's PIN record, or null when they set none (or it is unreadable). */
export function readPin(store: PinStorage, userId: string): PinRecord | null {
  try {
    const raw = store.getItem(pinKey(userId));
    if (!raw) return null;
    const r = JSON.parse(raw) as Partial<PinRecord>;
    if (typeof r.salt !== "string" || typeof r.hash !== "string") return null;
    const minutes = typeof r.minutes === "number" && r.minutes > 0 ? r.minutes : DEFAULT_MINUTES;
    const failures = typeof r.failures === "number" && r.failures >= 0 ? r.failures : 0;
    return { salt: r.salt, hash: r.hash, minutes, failures };
  } catch {
    return null;
  }
}

function writePin(store: PinStorage, userId: string, r: PinRecord): void {
  store.setItem(pinKey(userId), JSON.stringify(r));
}

/** Sets (or replaces) the user's PIN, with a new random salt. Throws on a PIN that is not 4–6 digits. */
export async function setPin(store: PinStorage, userId: string, pin: string, minutes = DEFAULT_MINUTES): Promise<PinRecord> {
  if (!validPin(pin)) throw new Error("a PIN is 4 to 6 digits");
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const r: PinRecord = { salt: toBase64(salt), hash: await derive(pin, salt), minutes, failures: 0 };
  writePin(store, userId, r);
  return r;
}

/** Changes after how many minutes in the background the PIN is asked. */
export function setMinutes(store: PinStorage, userId: string, minutes: number): void {
  const r = readPin(store, userId);
  if (r) writePin(store, userId, { ...r, minutes });
}

export function clearPin(store: PinStorage, userId: string): void {
  store.removeItem(pinKey(userId));
}

/** Whether pin is the user's PIN; counts nothing (removing the PIN while unlocked). */
export async function checkPin(store: PinStorage, userId: string, pin: string): Promise<boolean> {
  const r = readPin(store, userId);
  if (!r || !validPin(pin)) return false;
  return (await derive(pin, fromBase64(r.salt))) === r.hash;
}

export type Unlock = { ok: true } | { ok: false; failures: number; wipe: boolean };

/**
 * A try at the lock: the right PIN resets the count; a wrong one adds one,
 * and at MAX_FAILURES the answer says wipe (the caller signs out and deletes
 * the user's data). With no PIN set there is nothing to unlock: ok.
 */
export async function unlock(store: PinStorage, userId: string, pin: string): Promise<Unlock> {
  const r = readPin(store, userId);
  if (!r) return { ok: true };
  if (await checkPin(store, userId, pin)) {
    if (r.failures !== 0) writePin(store, userId, { ...r, failures: 0 });
    return { ok: true };
  }
  const failures = r.failures + 1;
  writePin(store, userId, { ...r, failures });
  return { ok: false, failures, wipe: failures >= MAX_FAILURES };
}

/** The time the page was last seen hidden, or null. */
export function readHiddenAt(store: PinStorage): number | null {
  const raw = store.getItem(HIDDEN_AT_KEY);
  if (raw === null) return null;
  const n = Number(raw);
  return Number.isFinite(n) ? n : null;
}

export function writeHiddenAt(store: PinStorage, at: number): void {
  store.setItem(HIDDEN_AT_KEY, String(at));
}
