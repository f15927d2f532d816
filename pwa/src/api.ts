// The HTTP API outside sync (docs/api.md "Auth"): login, refresh, logout, me, and
// an authenticated fetch that refreshes an expired access token once.
//
// A refresh refused because the device was signed out on purpose (sign out
// everywhere, an admin's sign-out, a disabled user: refusal.ts) deletes the
// user's local data: their IndexedDB database and what localStorage keeps of
// theirs. Nothing else deletes it.
//
// Tokens live in localStorage so the app opens signed in without a network.
// Refresh tokens are single-use and reusing a spent one revokes the whole
// family, so refreshing is serialised across tabs with a Web Lock and a tab
// first checks whether another tab already refreshed.

import { computed, signal } from "@preact/signals";
import { refusalVerdict } from "./refusal";
import { OfflineError, databaseName } from "./sync";

export type Role = "agent" | "supervisor" | "admin";

export interface User {
  id: string;
  username: string;
  name: string;
  role: Role;
  team_id: string | null;
  /** The team's time zone (IANA), in which every time is shown and every day counted. */
  time_zone?: string;
  /** The team's retention.prospect_months: after so many months with nothing happening a Plan 100 name is dormant (0: kept for ever). */
  retention_months?: number;
  /** The team's name now ("" without a team), shown beside the user's. */
  team_name?: string;
}

export interface Session {
  access_token: string;
  refresh_token: string;
  user: User;
}

/** An error answer from the API: `{"error": {"code", "message"}}` and its status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds from Retry-After, if the server sent one. */
    readonly retryAfter?: number,
  ) {
    super(message || code || `HTTP ${status}`);
    this.name = "ApiError";
  }
}

const SESSION_KEY = "fieldbook.session";
const LAST_USER_KEY = "fieldbook.lastUser";
/** Set when this device's data was deleted, until the next sign-in: the login screen says so. */
const WIPED_KEY = "fieldbook.wiped";
/** A request with no answer after this long is treated as offline (weak signal in the field). */
const TIMEOUT_MS = 20_000;

function loadSession(): Session | null {
  try {
    const raw = localStorage.getItem(SESSION_KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Partial<Session>;
    if (typeof s.access_token !== "string" || typeof s.refresh_token !== "string" || !s.user?.id) return null;
    return s as Session;
  } catch {
    return null;
  }
}

/** The signed-in session; null when signed out. */
export const session = signal<Session | null>(loadSession());
/** Where the guide's teams work: the zone until the server names the team's. */
export const DEFAULT_TIME_ZONE = "Asia/Shanghai";

/** The signed-in user's team's time zone: every time shown and every day counted is in it. */
export const teamZone = computed(() => session.value?.user.time_zone || DEFAULT_TIME_ZONE);

/**
 * The months after which the team's Plan 100 names with nothing happening
 * are dormant; 0 (keep for ever) until the server has said, so that a
 * session from before the setting shows no names to purge.
 */
export const retentionMonths = computed(() => session.value?.user.retention_months ?? 0);

/** The session ended without the user signing out (refresh refused): say so on the login screen. */
export const sessionExpired = signal(false);

/** Why this device's data was deleted: signed out on purpose, or its user left the team. */
export type WipeReason = "signed_out" | "departed";

/** This device's data was deleted, and why (until the next sign-in): say so on the login screen. */
export const deviceWiped = signal<WipeReason | null>(readWiped());

function readWiped(): WipeReason | null {
  try {
    return wipeReason(localStorage.getItem(WIPED_KEY));
  } catch {
    return null;
  }
}

/** The reason stored under WIPED_KEY: "departed <time>", or a time alone for a sign-out. */
function wipeReason(v: string | null): WipeReason | null {
  if (v === null) return null;
  return v.startsWith("departed") ? "departed" : "signed_out";
}

function saveSession(s: Session | null, expired = false): void {
  sessionExpired.value = expired;
  if (s) {
    localStorage.setItem(SESSION_KEY, JSON.stringify(s));
    localStorage.setItem(LAST_USER_KEY, s.user.username);
    localStorage.removeItem(WIPED_KEY);
    deviceWiped.value = null;
  } else {
    localStorage.removeItem(SESSION_KEY);
  }
  session.value = s;
}

// Another tab signed in, out, or refreshed: follow it, so that this tab does
// not use a spent refresh token.
if (typeof window !== "undefined") {
  window.addEventListener("storage", (e) => {
    if (e.key === SESSION_KEY) session.value = loadSession();
    if (e.key === WIPED_KEY) deviceWiped.value = wipeReason(e.newValue);
  });
}

/** The username last signed in on this device, to prefill the login form. */
export function lastUsername(): string {
  return localStorage.getItem(LAST_USER_KEY) ?? "";
}

function retryAfter(res: Response): number | undefined {
  const v = res.headers.get("Retry-After");
  if (!v) return undefined;
  const secs = Number(v);
  if (Number.isFinite(secs)) return Math.max(0, secs);
  const date = Date.parse(v);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.round((date - Date.now()) / 1000));
}

/**
 * What the last request to finish found: true when the server answered (any
 * status under 500), false when no answer came, the server answered 5xx, or
 * the device has lost the network since; null before any request finished.
 * With the server down navigator.onLine stays true, so only this tells.
 */
export const serverAnswers = signal<boolean | null>(null);
if (typeof window !== "undefined") window.addEventListener("offline", () => (serverAnswers.value = false));

/** fetch that throws OfflineError, not TypeError, when no answer arrives in time. */
export async function request(path: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetchInTime(path, init).catch((err: unknown) => {
    serverAnswers.value = false;
    throw err;
  });
  // 507 (a full disk) is an answer: the server is there and serves reads.
  serverAnswers.value = res.status < 500 || res.status === 507;
  return res;
}

async function fetchInTime(path: string, init: RequestInit): Promise<Response> {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), TIMEOUT_MS);
  try {
    return await fetch(path, {
      ...init,
      signal: ctrl.signal,
      headers: { Accept: "application/json", ...(init.body ? { "Content-Type": "application/json" } : {}), ...init.headers },
      // Tokens go in the Authorization header, never cookies.
      credentials: "omit",
      cache: "no-store",
    });
  } catch (err) {
    throw new OfflineError("no answer", err);
  } finally {
    clearTimeout(timer);
  }
}

/** Reads a JSON body; undefined for an empty or non-JSON one. */
export async function readJSON(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The ApiError an error answer carries, read from its body (which it consumes). */
export async function apiError(res: Response): Promise<ApiError> {
  const body = (await readJSON(res)) as { error?: { code?: unknown; message?: unknown } } | undefined;
  const code = typeof body?.error?.code === "string" ? body.error.code : "";
  const message = typeof body?.error?.message === "string" ? body.error.message : "";
  return new ApiError(res.status, code, message, retryAfter(res));
}

function isSession(v: unknown): v is Session {
  const s = v as Partial<Session> | undefined;
  return typeof s?.access_token === "string" && typeof s.refresh_token === "string" && typeof s.user?.id === "string";
}

/** Signs in. Throws ApiError (401 invalid_credentials, 429) or OfflineError. */
export async function login(username: string, password: string): Promise<Session> {
  const res = await request("/api/auth/login", { method: "POST", body: JSON.stringify({ username, password }) });
  if (!res.ok) throw await apiError(res);
  const body = await readJSON(res);
  if (!isSession(body)) throw new ApiError(res.status, "bad_answer", "malformed login answer");
  const s: Session = { access_token: body.access_token, refresh_token: body.refresh_token, user: body.user };
  saveSession(s);
  return s;
}

let refreshing: Promise<boolean> | null = null;

/**
 * Exchanges the refresh token for a new pair (the old one stops working), at
 * most once at a time across tabs. `spent` is the access token that was
 * refused: if the stored one differs, another tab already refreshed.
 * Returns false when the session is over (the user must sign in again).
 * Throws OfflineError when the server cannot be reached.
 */
export function refresh(spent: string): Promise<boolean> {
  refreshing ??= (async () => {
    try {
      const run = () => refreshNow(spent);
      const locks = navigator.locks;
      return locks ? ((await locks.request("fieldbook-auth-refresh", run)) as boolean) : await run();
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

async function refreshNow(spent: string): Promise<boolean> {
  const current = loadSession();
  if (!current) {
    session.value = null;
    return false;
  }
  if (current.access_token !== spent) {
    session.value = current; // another tab refreshed while this one waited
    return true;
  }
  const res = await request("/api/auth/refresh", {
    method: "POST",
    body: JSON.stringify({ refresh_token: current.refresh_token }),
  });
  if (!res.ok) {
    const body = await readJSON(res.clone()).catch(() => undefined);
    const verdict = refusalVerdict({ status: res.status, body });
    if (verdict === "wipe") {
      // Signed out on purpose (a lost phone): what this device holds of the
      // user goes, unsent changes too (the server would refuse them).
      await wipeDevice(current.user.id);
      return false;
    }
    if (verdict === "signout") {
      // Revoked, reused or expired: the session is over. The replica and its
      // outbox stay in IndexedDB for when this user signs in again.
      saveSession(null, true);
      return false;
    }
    throw await apiError(res);
  }
  const body = (await readJSON(res)) as Partial<Session> | undefined;
  if (typeof body?.access_token !== "string" || typeof body.refresh_token !== "string") {
    throw new ApiError(res.status, "bad_answer", "malformed refresh answer");
  }
  // Rotation: store the new pair at once; the old refresh token is spent.
  saveSession({ access_token: body.access_token, refresh_token: body.refresh_token, user: body.user ?? current.user });
  return true;
}

/**
 * fetch with the access token. On 401 `token_expired` it refreshes once and
 * retries once; any other answer is returned as it is. When the session is
 * over it returns the 401 and session becomes null.
 */
export async function authedFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const s = session.value;
  if (!s) return new Response(null, { status: 401 });
  const send = (token: string) =>
    request(path, { ...init, headers: { ...init.headers, Authorization: `Bearer ${token}` } });
  const res = await send(s.access_token);
  if (res.status !== 401) return res;
  // Expired, or refused (a disabled user, a token the server no longer
  // knows): the refresh tells whether the session goes on, is over, or the
  // device was signed out (then its data is deleted).
  if (!(await refresh(s.access_token)) || !session.value) return res;
  return send(session.value.access_token);
}

/** The signed-in user, fresh from the server; also updates the stored session. */
export async function me(): Promise<User> {
  const res = await authedFetch("/api/me");
  if (!res.ok) throw await apiError(res);
  const user = (await readJSON(res)) as User;
  const s = session.value;
  if (s && user?.id === s.user.id) saveSession({ ...s, user });
  return user;
}

/**
 * Deletes what this device holds of userId and signs out (the reason is
 * shown on the login screen): the session, the
 * user's IndexedDB database (closed first by the replica, which follows the
 * session; the user's other tabs close theirs on the versionchange it
 * causes), their drafts, cached team views, team choice and app PIN. The login screen
 * then says the device was signed out and its data deleted.
 */
export async function wipeDevice(userId: string, reason: WipeReason = "signed_out"): Promise<void> {
  const at = new Date().toISOString();
  localStorage.setItem(WIPED_KEY, reason === "departed" ? `departed ${at}` : at);
  saveSession(null);
  deviceWiped.value = reason;
  const mine = [`fieldbook.draft.${userId}.`, `fieldbook.cache.${userId}.`, `fieldbook.team-choice.${userId}`, `fieldbook.pin.${userId}`];
  for (let i = localStorage.length - 1; i >= 0; i--) {
    const k = localStorage.key(i);
    if (k && mine.some((p) => k.startsWith(p))) localStorage.removeItem(k);
  }
  await new Promise<void>((resolve) => {
    const req = indexedDB.deleteDatabase(databaseName(userId));
    req.onsuccess = req.onerror = () => resolve();
  });
}

/**
 * Ends every session of the signed-in user (a lost phone): each of their
 * other devices deletes its data at its next contact with the server. This
 * device signs out too, keeping its data (and outbox) for the next sign-in.
 * Throws ApiError or OfflineError when the server did not do it.
 */
export async function signOutEverywhere(): Promise<void> {
  const res = await authedFetch("/api/me/sign-out-everywhere", { method: "POST" });
  if (res.status !== 204) throw await apiError(res);
  saveSession(null);
}

/**
 * Signs out: the refresh token is revoked on the server when it can be
 * reached, and forgotten here in any case. Unsent changes are never touched:
 * they wait in this user's replica for the next sign-in.
 */
export async function logout(): Promise<void> {
  const s = session.value;
  saveSession(null);
  if (!s) return;
  try {
    await request("/api/auth/logout", { method: "POST", body: JSON.stringify({ refresh_token: s.refresh_token }) });
  } catch {
    // Offline: the refresh token expires by itself; nothing else to do.
  }
}
