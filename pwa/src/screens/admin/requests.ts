// The admin endpoints (docs/api.md "Admin"). Each throws OfflineError when no
// answer arrives and ApiError for an error answer, with the server's code and
// message; an answer this version cannot read is an ApiError "bad_answer".

import { ApiError, apiError, authedFetch, readJSON } from "../../api";
import { OfflineError } from "../../sync";
import { saveBlob } from "../../remote/download";
import { tr } from "./messages";
import type { Refusal } from "./problems";
import type { SettingsJSON } from "./settings";
import {
  parseTeam,
  parseTeams,
  parseUser,
  parseUserPage,
  parseUsers,
  userPageQuery,
  type AdminUser,
  type Team,
  type UserFilters,
  type UserPage,
} from "./users";

async function call(method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await authedFetch(path, body === undefined ? { method } : { method, body: JSON.stringify(body) });
  // A body cut off midway is no answer, as when none came at all.
  const answer = await (res.ok ? readJSON(res) : apiError(res)).catch((err: unknown) => {
    throw new OfflineError("answer cut off", err);
  });
  if (answer instanceof ApiError) throw answer;
  return answer;
}

function readable<T>(v: T | null, status = 200): T {
  if (v === null) throw new ApiError(status, "bad_answer", "the server's answer could not be read");
  return v;
}

export const getUsers = async (): Promise<AdminUser[]> => readable(parseUsers(await call("GET", "/api/admin/users")));
export const getTeams = async (): Promise<Team[]> => readable(parseTeams(await call("GET", "/api/admin/teams")));

/** One page of the users matching f (GET /api/admin/users?q=…&limit=…&cursor=…), searched on the server. */
export const getUserPage = async (f: UserFilters, cursor: string): Promise<UserPage> =>
  readable(parseUserPage(await call("GET", `/api/admin/users?${userPageQuery(f, cursor)}`)));

/** Renames a team: PATCH /api/admin/teams/{id}. */
export const renameTeam = async (id: string, name: string): Promise<Team> =>
  readable(parseTeam(await call("PATCH", `/api/admin/teams/${encodeURIComponent(id)}`, { name })));

export const createUser = async (body: { username: string; password: string; name: string; role: string; team_id: string }): Promise<AdminUser> =>
  readable(parseUser(await call("POST", "/api/admin/users", body)));

export const patchUser = async (
  id: string,
  body: { name?: string; role?: string; team_id?: string; disabled?: boolean; password?: string },
): Promise<AdminUser> => readable(parseUser(await call("PATCH", `/api/admin/users/${encodeURIComponent(id)}`, body)));

/** Ends every session of the user (a lost phone): POST /api/admin/users/{id}/sign-out, 204. */
export const signOutUser = async (id: string): Promise<void> => {
  await call("POST", `/api/admin/users/${encodeURIComponent(id)}/sign-out`);
};

/** An agent's departure as the server answers it. */
export interface Departure {
  user: AdminUser;
  /** The last day to tell the policyholders (YYYY-MM-DD). */
  notify_by: string;
}

export interface Policyholder {
  customer_id: string;
  name: string;
  phone: string;
  deals: number;
  last_deal_at: string;
}

function parseDeparture(raw: unknown): Departure | null {
  if (typeof raw !== "object" || raw === null) return null;
  const r = raw as Record<string, unknown>;
  const user = parseUser(r["user"]);
  return user && typeof r["notify_by"] === "string" ? { user, notify_by: r["notify_by"] } : null;
}

function parsePolicyholders(raw: unknown): Policyholder[] | null {
  const list = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>)["policyholders"] : null;
  if (!Array.isArray(list)) return null;
  return list.flatMap((p: Record<string, unknown>) =>
    typeof p?.["customer_id"] === "string" && typeof p["name"] === "string"
      ? [{ customer_id: p["customer_id"], name: p["name"], phone: typeof p["phone"] === "string" ? p["phone"] : "", deals: Number(p["deals"]) || 0, last_deal_at: String(p["last_deal_at"] ?? "") }]
      : [],
  );
}

const userPath = (id: string) => `/api/admin/users/${encodeURIComponent(id)}`;

/** The agent leaves: POST /api/admin/users/{id}/depart, their people to heir. */
export const departUser = async (id: string, heir: string): Promise<Departure> =>
  readable(parseDeparture(await call("POST", `${userPath(id)}/depart`, { heir_id: heir })));

/** Hands the user's people on to heir: POST /api/admin/users/{id}/hand-over, 204. */
export const handOverUser = async (id: string, heir: string): Promise<void> => {
  await call("POST", `${userPath(id)}/hand-over`, { heir_id: heir });
};

/** The policyholders to tell of a departure (the read is on the access log). */
export const getPolicyholders = async (id: string): Promise<Departure & { policyholders: Policyholder[] }> => {
  const raw = await call("GET", `${userPath(id)}/policyholders`);
  const d = readable(parseDeparture(raw));
  return { ...d, policyholders: readable(parsePolicyholders(raw)) };
};

/** Downloads the policyholders as a spreadsheet. */
export async function downloadPolicyholders(id: string): Promise<void> {
  const res = await authedFetch(`${userPath(id)}/policyholders?format=xlsx`);
  if (!res.ok) throw await apiError(res).catch(() => new ApiError(res.status, "", ""));
  const blob = await res.blob().catch((err: unknown) => {
    throw new OfflineError("download cut off", err);
  });
  saveBlob(blob, `fieldbook-policyholders-${id.slice(0, 8)}.xlsx`);
}

export const createTeam = async (body: { name: string; time_zone: string }): Promise<Team> =>
  readable(parseTeam(await call("POST", "/api/admin/teams", body)));

function settingsOf(raw: unknown): SettingsJSON | null {
  return typeof raw === "object" && raw !== null && !Array.isArray(raw) ? (raw as SettingsJSON) : null;
}

const settingsPath = (team: string) => `/api/admin/teams/${encodeURIComponent(team)}/settings`;

export const getSettings = async (team: string): Promise<SettingsJSON> => readable(settingsOf(await call("GET", settingsPath(team))));

/** PUTs the whole settings; the answer is what the server now holds. */
export const putSettings = async (team: string, s: SettingsJSON): Promise<SettingsJSON> =>
  readable(settingsOf(await call("PUT", settingsPath(team), s)));

/**
 * Whether a failure means the server could not be reached: no answer, or a
 * server (or a proxy before it) that is starting, stopping or down — worth
 * trying again later, as when offline, rather than a refusal.
 */
export function unreachable(err: unknown): boolean {
  return err instanceof OfflineError || (err instanceof ApiError && [502, 503, 504].includes(err.status));
}

/** How a change went: done, no server reached, or refused (with the server's words). */
export type Outcome<T> = { ok: true; value: T } | { ok: false; offline: true } | { ok: false; offline: false; refusal: Refusal };

/** Runs a request and sorts its end into an Outcome; it never throws. */
export async function attempt<T>(run: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (err) {
    if (unreachable(err)) return { ok: false, offline: true };
    if (err instanceof ApiError) {
      // A full disk is said in the interface's words: nothing was saved, try again later.
      const message = err.code === "insufficient_storage" ? tr("serverFull") : err.message;
      return { ok: false, offline: false, refusal: { status: err.status, code: err.code, message } };
    }
    return { ok: false, offline: false, refusal: { status: 0, code: "", message: err instanceof Error ? err.message : String(err) } };
  }
}
