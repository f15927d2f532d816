// Which team a supervisor's screens are about, and who is in it, from the
// replica's members records. A supervisor's replica holds their own team;
// an admin's holds every team's, each record naming its team_id, so the
// admin picks one (remembered on this device). Pure: the storage is passed in.

import type { KeyValueStore } from "../remote/cache";
import { arr, obj, str } from "../remote/json";
import type { LocalRecord } from "../sync";
import { memberOf, type Member } from "./model";

/** A members record with the team it belongs to ("" when the record names none). */
export interface TeamMember extends Member {
  teamId: string;
}

/** A members record read with its team. */
export function teamMemberOf(r: LocalRecord): TeamMember {
  return { ...memberOf(r), teamId: str(r.fields["team_id"]) };
}

/** The team's agents, active or not: members of teamId with role agent. A record without a team counts as the replica's own team's. */
export function agentsOf(members: readonly TeamMember[], teamId: string): TeamMember[] {
  return members.filter((m) => m.role === "agent" && (m.teamId === teamId || m.teamId === ""));
}

export interface Team {
  id: string;
  name: string;
}

/** GET /api/admin/teams's answer, or null when it is not one. */
export function parseTeams(raw: unknown): Team[] | null {
  const body = obj(raw);
  if (!Array.isArray(body["teams"])) return null;
  return arr(body["teams"])
    .map((t) => ({ id: str(obj(t)["id"]), name: str(obj(t)["name"]) }))
    .filter((t) => t.id !== "");
}

/**
 * The teams an admin can pick from: the server's list when there is one,
 * else the teams named by the replica's members records (offline on a
 * device that never fetched the list), named by their id.
 */
export function teamChoices(listed: readonly Team[] | null, members: readonly TeamMember[]): Team[] {
  if (listed) return [...listed];
  const ids = [...new Set(members.map((m) => m.teamId).filter(Boolean))].sort();
  return ids.map((id) => ({ id, name: "" }));
}

/** The team to show: the stored choice while it is still a team, else the first team; null when there is none. */
export function pickTeam(teams: readonly Team[], stored: string | null): string | null {
  if (stored && teams.some((t) => t.id === stored)) return stored;
  return teams[0]?.id ?? null;
}

const key = (userId: string) => `fieldbook.team-choice.${userId}`;

/** The team an admin last picked on this device. */
export function readTeamChoice(store: KeyValueStore, userId: string): string | null {
  try {
    return store.getItem(key(userId));
  } catch {
    return null; // storage disabled: no memory, the first team
  }
}

export function writeTeamChoice(store: KeyValueStore, userId: string, teamId: string): void {
  try {
    store.setItem(key(userId), teamId);
  } catch {
    // Not remembered; the choice holds for this visit.
  }
}
