// What screens import to read and write records: hooks over the in-memory
// collections of the signed-in user's replica (see records.ts). The replica
// (replica.ts) opens and closes them and attaches them here; data/ never
// imports it.

import { signal } from "@preact/signals";
import { useMemo } from "preact/hooks";
import { session, teamZone } from "../api";
import type { LocalRecord } from "../sync";
import { activityOf, today, type Activity } from "./model";
import type { Collection, RecordMap, Records } from "./records";

export * from "./model";
export type { Collection, RecordMap } from "./records";

const EMPTY: RecordMap = new Map();

/** The open replica's records; null while signed out or while the replica opens. */
const attached = signal<Records | null>(null);

/** Called by replica.ts with the records of the replica it opened, and with null when it closes it. */
export function attachRecords(r: Records | null): void {
  attached.value = r;
}

/** The open replica's records; screens that write are only shown while it is open. */
export function records(): Records {
  const r = attached.value;
  if (!r) throw new Error("the replica is not open");
  return r;
}

/** A collection's records by id (re-renders when they change). Empty while the replica opens. */
export function useCollection(name: Collection): RecordMap {
  const r = attached.value;
  return r ? r.map(name).value : EMPTY;
}

/** Whether the collection has been read at least once (to tell "empty" from "loading"). */
export function useLoaded(name: Collection): boolean {
  const r = attached.value;
  return r ? r.loaded(name).value : false;
}

/** A collection as a list of typed views, recomputed only when it changes. */
export function useList<T>(name: Collection, view: (r: LocalRecord) => T): T[] {
  const map = useCollection(name);
  return useMemo(() => [...map.values()].map(view), [map]);
}

/** One record as a typed view, recomputed only when it changes; null while it is not there (loading, deleted, never synced). */
export function useRecord<T>(name: Collection, id: string, view: (r: LocalRecord) => T): T | null {
  const rec = useCollection(name).get(id);
  return useMemo(() => (rec ? view(rec) : null), [rec]);
}

/** The signed-in user's id. */
export function myId(): string {
  return session.value?.user.id ?? "";
}

/** Today in the team's zone (the day the server counts on), whatever the phone's zone. */
export function teamToday(): string {
  return today(teamZone.value);
}

/** The activities as typed views, each day counted in the team's zone; recomputed when they or the zone change. */
export function useActivities(): Activity[] {
  const map = useCollection("activities");
  const zone = teamZone.value;
  return useMemo(() => [...map.values()].map((r) => activityOf(r, zone)), [map, zone]);
}
