// The agent a page is about, and their records in the supervisor's
// replica (which holds every record of the team's agents; owner_id says
// whose), recomputed only when a collection changes.

import { useMemo } from "preact/hooks";
import { teamZone } from "../../api";
import { activityOf, dayLogOf, memberOf, myId, ownerOf, useCollection, useLoaded } from "../../data";
import type { Activity, Collection, DayLog, Member } from "../../data";
import type { LocalRecord } from "../../sync";

/** The agent's member record (null when this replica has none), and whether members were read. */
export function useAgent(agentId: string): { member: Member | null; loaded: boolean } {
  const members = useCollection("members");
  const loaded = useLoaded("members");
  const rec = members.get(agentId);
  const member = useMemo(() => (rec ? memberOf(rec) : null), [rec]);
  return { member, loaded };
}

/** The records of a collection that the agent owns. */
export function useOwned(collection: Collection, agentId: string): LocalRecord[] {
  const map = useCollection(collection);
  const me = myId();
  return useMemo(() => [...map.values()].filter((r) => ownerOf(r, me) === agentId), [map, agentId, me]);
}

/** The agent's work logs. */
export function useAgentLogs(agentId: string): DayLog[] {
  const recs = useOwned("day_logs", agentId);
  return useMemo(() => recs.map(dayLogOf), [recs]);
}

/** The agent's activities, their days in the team's zone. */
export function useAgentActivities(agentId: string): Activity[] {
  const recs = useOwned("activities", agentId);
  const zone = teamZone.value;
  return useMemo(() => recs.map((r) => activityOf(r, zone)), [recs, zone]);
}
