// Whose names the shared meeting screen shows: the team's standings.names
// setting (GET /api/admin/teams/{id}/settings) — "all" names (the
// default), "hidden" behind 1号, 2号… in rank order, or "neighbours": when
// the supervisor picks an agent to talk about, that agent and the ones
// ranked just above and below are named, nobody else. Pure.

import { obj } from "../../remote/json";

export type NamesMode = "show" | "hide" | "neighbours";

/** What the meeting reads of the team's settings. */
export interface MeetingSettings {
  names: NamesMode;
}

/**
 * The settings answer read for the meeting, or null when it is not one. A
 * missing standings.names means "all"; a value this version does not know
 * hides names, the safe reading on a shared screen.
 */
export function parseMeetingSettings(raw: unknown): MeetingSettings | null {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return null;
  const v = obj(obj(raw)["standings"])["names"];
  if (v === undefined || v === null || v === "" || v === "all") return { names: "show" };
  return { names: v === "neighbours" ? "neighbours" : "hide" };
}

export interface Shown {
  /** 1, 2, 3 …: the place in rank order, which the alias 1号, 2号… uses. */
  place: number;
  /** Whether the agent's name is shown. */
  named: boolean;
  name: string;
}

/**
 * The way each agent appears, from the rows in rank order (ties ordered
 * by name, as ranked): places are consecutive, so every hidden agent has
 * an alias of their own. `focus` is the agent picked in "neighbours" mode.
 */
export function showNames(
  ranked: readonly { agentId: string; name: string }[],
  mode: NamesMode,
  focus: string | null = null,
): Map<string, Shown> {
  const at = focus === null ? -1 : ranked.findIndex((r) => r.agentId === focus);
  return new Map(
    ranked.map((r, i) => [
      r.agentId,
      { place: i + 1, name: r.name, named: mode === "show" || (mode === "neighbours" && at >= 0 && Math.abs(i - at) <= 1) },
    ]),
  );
}
