// Who has not submitted today's work log, and how many logs wait for the
// supervisor, from the team's day_logs records on this device. Pure.

import type { LogState, Member } from "../../data/model";

/** What the dashboard needs of a day log. */
export interface LogView {
  /** The agent who wrote it. */
  owner: string;
  date: string;
  state: LogState;
}

export interface Missing {
  agent: Member;
  /** The state of the agent's log that day (draft, returned), or null when there is none. */
  state: LogState | null;
}

const handedIn = (s: LogState) => s === "submitted" || s === "approved";

/**
 * The team's active agents whose log for `day` is not submitted or
 * approved (a draft, a returned log or none), by name.
 */
export function notSubmitted(agents: readonly Member[], logs: readonly LogView[], day: string): Missing[] {
  const states = new Map<string, LogState[]>();
  for (const l of logs) if (l.date === day) states.set(l.owner, [...(states.get(l.owner) ?? []), l.state]);
  return agents
    .filter((a) => a.role === "agent" && a.active)
    .filter((a) => !(states.get(a.id) ?? []).some(handedIn))
    .map((agent): Missing => {
      const s = states.get(agent.id) ?? [];
      return { agent, state: s.includes("returned") ? "returned" : s.includes("draft") ? "draft" : null };
    })
    .sort((a, b) => a.agent.name.localeCompare(b.agent.name, "zh-CN") || (a.agent.id < b.agent.id ? -1 : 1));
}

/** The team's logs waiting for review: submitted (or amended and submitted again), as the server's queue holds them. */
export function waitingCount(agents: readonly Member[], logs: readonly LogView[]): number {
  const team = new Set(agents.map((a) => a.id));
  return logs.filter((l) => l.state === "submitted" && team.has(l.owner)).length;
}
