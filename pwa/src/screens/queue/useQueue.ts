// The review queue read from the supervisor's replica: the waiting logs in
// order, with the agents' names and each day's activities, recomputed only
// when one of those collections changes.

import { useMemo } from "preact/hooks";
import { teamZone } from "../../api";
import { memberOf, myId, useCollection, useLoaded } from "../../data";
import type { Activity } from "../../data";
import { activitiesByDay, queueOf, type QueueItem } from "./review";

export interface QueueData {
  loaded: boolean;
  queue: QueueItem[];
  /** Agent names by user id. */
  names: ReadonlyMap<string, string>;
  /** Activities by agent and day (see activitiesByDay). */
  acts: ReadonlyMap<string, Activity[]>;
}

export function useQueue(): QueueData {
  const logs = useCollection("day_logs");
  const members = useCollection("members");
  const activities = useCollection("activities");
  const loaded = [useLoaded("day_logs"), useLoaded("members"), useLoaded("activities")].every(Boolean);
  const me = myId();
  const names = useMemo(() => new Map([...members.values()].map((r) => [r.id, memberOf(r).name])), [members]);
  const zone = teamZone.value;
  const acts = useMemo(() => activitiesByDay(activities.values(), me, zone), [activities, me, zone]);
  const queue = useMemo(() => queueOf(logs.values(), names, acts, me), [logs, names, acts, me]);
  return { loaded, queue, names, acts };
}
