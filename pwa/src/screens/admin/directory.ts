// The users and teams the admin screens show, in memory for this visit: read
// from the server when the screens open and when the connection comes back,
// and updated from the server's answer to each change, so going from the
// list to a user and back does not wait for the network again. Nothing is
// written to storage: these screens work online only.

import { effect, signal } from "@preact/signals";
import { session } from "../../api";
import { getTeams, getUsers, unreachable } from "./requests";
import type { AdminUser, Team } from "./users";

export const users = signal<AdminUser[] | null>(null);
export const teams = signal<Team[] | null>(null);

export interface LoadState {
  loading: boolean;
  /** The last attempt reached no server. */
  offline: boolean;
  /** The server refused or answered what this version cannot read. */
  error: string | null;
}

export const loadState = signal<LoadState>({ loading: false, offline: false, error: null });

let asked = 0;

/** Reads both lists again; what is shown stays until the new answer replaces it. */
export async function loadDirectory(): Promise<void> {
  const mine = ++asked;
  loadState.value = { ...loadState.value, loading: true };
  try {
    const [u, t] = await Promise.all([getUsers(), getTeams()]);
    if (mine !== asked) return;
    users.value = u;
    teams.value = t;
    loadState.value = { loading: false, offline: false, error: null };
  } catch (err) {
    if (mine !== asked) return;
    const offline = unreachable(err);
    loadState.value = { loading: false, offline, error: offline ? null : err instanceof Error ? err.message : String(err) };
  }
}

/** A user as the server answered a change: replaces the old one, or joins the list. */
export function putUser(u: AdminUser): void {
  const list = users.value ?? [];
  users.value = list.some((x) => x.id === u.id) ? list.map((x) => (x.id === u.id ? u : x)) : [...list, u];
}

export function putTeam(t: Team): void {
  const list = teams.value ?? [];
  teams.value = list.some((x) => x.id === t.id) ? list.map((x) => (x.id === t.id ? t : x)) : [...list, t];
}

// Another admin signing in on this phone starts from nothing.
let owner: string | undefined;
effect(() => {
  const id = session.value?.user.id;
  if (id === owner) return;
  owner = id;
  asked++;
  users.value = null;
  teams.value = null;
  loadState.value = { loading: false, offline: false, error: null };
});
