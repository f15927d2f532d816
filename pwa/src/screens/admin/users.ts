// Users and teams as the admin API answers them (docs/api.md "Admin"), the users
// list's search and filters, and the user forms: their checks against the
// server's rules (sync/store/users.go validUser) and the bodies they send.
// Pure.

import type { Role } from "../../api";
import { checkPasswords } from "./password";
import { byteCount, runeCount, type Problem, type RefusalRule } from "./problems";

export const ROLES = ["agent", "supervisor", "admin"] as const satisfies readonly Role[];

export interface AdminUser {
  id: string;
  username: string;
  name: string;
  role: Role;
  /** "" for an admin without a team. */
  team_id: string;
  disabled: boolean;
  /** When an agent left through the departure workflow, and to whom their customers went. */
  left_at?: string;
  heir_id?: string;
}

export interface Team {
  id: string;
  name: string;
  time_zone: string;
}

/** The server's limits. */
export const USERNAME_MAX_BYTES = 64;
export const NAME_MAX = 100;
export const TEAM_NAME_MAX = 100;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A user from an answer; null when it is not one. */
export function parseUser(raw: unknown): AdminUser | null {
  if (!isRecord(raw)) return null;
  const { id, username, name, role, team_id, disabled, left_at, heir_id } = raw;
  if (typeof id !== "string" || typeof username !== "string" || !(ROLES as readonly unknown[]).includes(role)) return null;
  return {
    id,
    username,
    name: typeof name === "string" ? name : "",
    role: role as Role,
    team_id: typeof team_id === "string" ? team_id : "",
    disabled: disabled === true,
    ...(typeof left_at === "string" ? { left_at } : {}),
    ...(typeof heir_id === "string" ? { heir_id } : {}),
  };
}

/** GET /api/admin/users' list; null for an answer this version cannot read. */
export function parseUsers(raw: unknown): AdminUser[] | null {
  if (!isRecord(raw) || !Array.isArray(raw["users"])) return null;
  return raw["users"].map(parseUser).filter((u): u is AdminUser => u !== null);
}

export function parseTeam(raw: unknown): Team | null {
  if (!isRecord(raw) || typeof raw["id"] !== "string" || typeof raw["name"] !== "string") return null;
  return { id: raw["id"], name: raw["name"], time_zone: typeof raw["time_zone"] === "string" ? raw["time_zone"] : "" };
}

/** One page of GET /api/admin/users?limit=…: the users, how many match in all, and the next page's cursor ("" after the last). */
export interface UserPage {
  users: AdminUser[];
  total: number;
  next: string;
}

/** How many users a page of the list asks the server for. */
export const USER_PAGE = 50;

/** The query string of a page of users matching f, after cursor ("" for the first page). */
export function userPageQuery(f: UserFilters, cursor: string, limit = USER_PAGE): string {
  const q = new URLSearchParams({ limit: String(limit) });
  const text = f.query.trim();
  if (text) q.set("q", text.slice(0, 100));
  if (f.role !== "all") q.set("role", f.role);
  if (f.team !== "all") q.set("team_id", f.team);
  if (cursor) q.set("cursor", cursor);
  return q.toString();
}

/** A page of users as the server answered it; null for an answer this version cannot read. */
export function parseUserPage(raw: unknown): UserPage | null {
  const users = parseUsers(raw);
  if (!users || !isRecord(raw) || typeof raw["total"] !== "number") return null;
  return { users, total: raw["total"], next: typeof raw["next_cursor"] === "string" ? raw["next_cursor"] : "" };
}

/** GET /api/admin/teams' list; null for an answer this version cannot read. */
export function parseTeams(raw: unknown): Team[] | null {
  if (!isRecord(raw) || !Array.isArray(raw["teams"])) return null;
  return raw["teams"].map(parseTeam).filter((t): t is Team => t !== null);
}

/** Agents and supervisors belong to a team; an admin may or may not. */
export function needsTeam(role: Role | ""): boolean {
  return role === "agent" || role === "supervisor";
}

// ---- The users list. ----

/** "all", "none" (no team) or a team's id. */
export type TeamFilter = string;

export interface UserFilters {
  query: string;
  role: Role | "all";
  team: TeamFilter;
}

export const ALL_USERS: UserFilters = { query: "", role: "all", team: "all" };

/**
 * The users that match: the query in the name or the username (any case),
 * the role, the team. Sorted by name with compare (the screen's is pinyin
 * order), then username.
 */
export function filterUsers(users: readonly AdminUser[], f: UserFilters, compare: (a: string, b: string) => number): AdminUser[] {
  const q = f.query.trim().toLowerCase();
  return users
    .filter(
      (u) =>
        (q === "" || u.name.toLowerCase().includes(q) || u.username.toLowerCase().includes(q)) &&
        (f.role === "all" || u.role === f.role) &&
        (f.team === "all" || (f.team === "none" ? u.team_id === "" : u.team_id === f.team)),
    )
    .sort((a, b) => compare(a.name || a.username, b.name || b.username) || compare(a.username, b.username));
}

/** How many agents and supervisors each team has (disabled users not counted). */
export function teamCounts(users: readonly AdminUser[]): Map<string, { agents: number; supervisors: number }> {
  const out = new Map<string, { agents: number; supervisors: number }>();
  for (const u of users) {
    if (!u.team_id || u.disabled) continue;
    const c = out.get(u.team_id) ?? { agents: 0, supervisors: 0 };
    if (u.role === "agent") c.agents++;
    if (u.role === "supervisor") c.supervisors++;
    out.set(u.team_id, c);
  }
  return out;
}

// ---- Creating a user. ----

export interface NewUserDraft {
  username: string;
  name: string;
  role: Role;
  /** "" for none. */
  teamId: string;
  password: string;
  again: string;
}

export const EMPTY_USER: NewUserDraft = { username: "", name: "", role: "agent", teamId: "", password: "", again: "" };

export type NewUserField = keyof NewUserDraft;

/** A username as the server takes it: 1–64 bytes, no spaces, tabs, line breaks or '/'. */
export function checkUsername(s: string): Problem | null {
  const v = s.trim();
  if (v === "") return { code: "required" };
  if (/[\s/]/.test(v)) return { code: "username" };
  if (byteCount(v) > USERNAME_MAX_BYTES) return { code: "tooLong", max: USERNAME_MAX_BYTES };
  return null;
}

export function checkName(s: string): Problem | null {
  return runeCount(s.trim()) > NAME_MAX ? { code: "tooLong", max: NAME_MAX } : null;
}

function checkTeam(role: Role | "", teamId: string, teams: readonly Team[]): Problem | null {
  if (teamId === "") return needsTeam(role) ? { code: "required" } : null;
  return teams.some((t) => t.id === teamId) ? null : { code: "required" };
}

/** What is wrong, by field, in the form's order. */
export function checkNewUser(d: NewUserDraft, teams: readonly Team[]): Partial<Record<NewUserField, Problem>> {
  const out: Partial<Record<NewUserField, Problem>> = {};
  const username = checkUsername(d.username);
  if (username) out.username = username;
  const name = checkName(d.name);
  if (name) out.name = name;
  const team = checkTeam(d.role, d.teamId, teams);
  if (team) out.teamId = team;
  return { ...out, ...checkPasswords(d.password, d.again) };
}

/** POST /api/admin/users' body. A name left empty becomes the username on the server. */
export function newUserBody(d: NewUserDraft): { username: string; password: string; name: string; role: Role; team_id: string } {
  return { username: d.username.trim(), password: d.password, name: d.name.trim(), role: d.role, team_id: d.teamId };
}

// ---- A user's page. ----

export interface ProfileDraft {
  name: string;
  role: Role;
  teamId: string;
}

export type ProfileField = keyof ProfileDraft;

export function profileDraft(u: AdminUser): ProfileDraft {
  return { name: u.name, role: u.role, teamId: u.team_id };
}

export function checkProfile(d: ProfileDraft, teams: readonly Team[]): Partial<Record<ProfileField, Problem>> {
  const out: Partial<Record<ProfileField, Problem>> = {};
  const name = checkName(d.name);
  if (name) out.name = name;
  const team = checkTeam(d.role, d.teamId, teams);
  if (team) out.teamId = team;
  return out;
}

/** PATCH /api/admin/users/{id}'s body: only what changed, so nothing else is touched. */
export function profilePatch(u: AdminUser, d: ProfileDraft): { name?: string; role?: Role; team_id?: string } {
  const out: { name?: string; role?: Role; team_id?: string } = {};
  const name = d.name.trim();
  if (name !== u.name) out.name = name;
  if (d.role !== u.role) out.role = d.role;
  if (d.teamId !== u.team_id) out.team_id = d.teamId;
  return out;
}

/**
 * What a team change means for whom, to say before saving: an agent's
 * records move with them (the old team's supervisor stops seeing them); a
 * supervisor starts supervising the new team.
 */
export function moveKind(u: AdminUser, d: ProfileDraft): "agent" | "supervisor" | "admin" | null {
  if (d.teamId === u.team_id || u.team_id === "") return null;
  return d.role;
}

// ---- Creating a team. ----

export interface NewTeamDraft {
  name: string;
  timeZone: string;
}

export const DEFAULT_TIME_ZONE = "Asia/Shanghai";

export function checkNewTeam(d: NewTeamDraft, teams: readonly Team[]): Partial<Record<keyof NewTeamDraft, Problem>> {
  const out: Partial<Record<keyof NewTeamDraft, Problem>> = {};
  const name = d.name.trim();
  if (name === "") out.name = { code: "required" };
  else if (runeCount(name) > TEAM_NAME_MAX) out.name = { code: "tooLong", max: TEAM_NAME_MAX };
  else if (teams.some((t) => t.name === name)) out.name = { code: "taken" };
  if (d.timeZone.trim() === "") out.timeZone = { code: "required" };
  return out;
}

// ---- The server's refusals, by field (its messages: sync/store/users.go, teams.go, server/adminapi.go). ----

export const NEW_USER_REFUSALS: readonly RefusalRule<NewUserField>[] = [
  [{ code: "conflict" }, "username"],
  [/^password\b/, "password"],
  [/^username\b/, "username"],
  [/\bteam/, "teamId"],
  [/^name\b/, "name"],
];

export const PROFILE_REFUSALS: readonly RefusalRule<ProfileField>[] = [
  [/\bteam/, "teamId"],
  [/^name\b/, "name"],
  [/\brole\b/, "role"],
];

export const NEW_TEAM_REFUSALS: readonly RefusalRule<keyof NewTeamDraft>[] = [
  [{ code: "conflict" }, "name"],
  [/^a team needs a name/, "name"],
  [/^time_zone\b/, "timeZone"],
];
