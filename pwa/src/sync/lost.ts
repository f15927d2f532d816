// "Tell me when my edit lost": a field this phone wrote (its change went
// through the outbox and the server applied it) that a newer write from
// another device — the agent's other phone, a supervisor — has since
// overwritten with another value. The merge is last-writer-wins per field,
// so the phone's value is simply gone; this finds it while a pull is stored
// (store.ts applyIn), so the record's screen can say so once and offer to
// write it again. Pure.

import { compareStamps, parseStamp } from "./hlc";
import { canonicalJSON, hasField, type Versioned } from "./merge";

/** One field's value this phone wrote, lost to a later write from elsewhere. */
export interface LostEdit {
  collection: string;
  id: string;
  field: string;
  /** The value this phone last sent. */
  value: unknown;
  /** The stamp it was sent with. */
  stamp: string;
  /** The value that overwrote it. */
  now: unknown;
  /** The stamp of the write that overwrote it. */
  by: string;
  /** When that write was made (its stamp's wall time, Unix ms). */
  at: number;
}

/** A value this phone wrote to one field, and its stamp. */
export interface OwnWrite {
  value: unknown;
  stamp: string;
}

/** The stamps of the server's own writes (erasure, review bookkeeping): not another device's edit. */
const SERVER_NODE = "server";

/**
 * Fields another person is meant to change after the agent: a work log's
 * state moves on in review. Their change is the workflow, not a lost edit.
 */
const EXPECTED: Readonly<Record<string, readonly string[]>> = {
  day_logs: ["state"],
};

/**
 * What this phone (node clientId) last wrote to each field of a record: the
 * fields of the stored record whose stamp is its own, and the changes of
 * this record the server has just applied (which may not be in the stored
 * record yet). The later stamp wins for a field written twice.
 */
export function ownWrites(stored: Versioned | undefined, applied: readonly { hlc: string; fields: Record<string, unknown> }[], clientId: string): Map<string, OwnWrite> {
  const out = new Map<string, OwnWrite>();
  const offer = (field: string, value: unknown, stamp: string) => {
    const seen = out.get(field);
    if (!seen || compareStamps(stamp, seen.stamp) > 0) out.set(field, { value, stamp });
  };
  if (stored) {
    for (const [field, stamp] of Object.entries(stored.stamps)) {
      if (parseStamp(stamp)?.node === clientId && hasField(stored.fields, field)) offer(field, stored.fields[field], stamp);
    }
  }
  for (const c of applied) {
    if (parseStamp(c.hlc)?.node !== clientId) continue;
    for (const field of Object.keys(c.fields)) offer(field, c.fields[field], c.hlc);
  }
  return out;
}

/**
 * The fields of `merged` (the record as stored after a pull) where what
 * this phone wrote (`own`) was overwritten: a newer stamp from another
 * device (not this node, not the server) and a different value. A deleted
 * record loses nothing worth restoring.
 */
export function findLost(collection: string, id: string, own: ReadonlyMap<string, OwnWrite>, merged: Versioned, clientId: string): LostEdit[] {
  if (own.size === 0 || merged.fields["_deleted"] === true) return [];
  const expected = EXPECTED[collection] ?? [];
  const out: LostEdit[] = [];
  for (const [field, mine] of own) {
    if (field === "_deleted" || expected.includes(field)) continue;
    const by = merged.stamps[field];
    if (!by || compareStamps(by, mine.stamp) <= 0) continue;
    const writer = parseStamp(by);
    if (!writer || writer.node === clientId || writer.node === SERVER_NODE) continue;
    const now = hasField(merged.fields, field) ? merged.fields[field] : null;
    if (canonicalJSON(now) === canonicalJSON(mine.value)) continue;
    out.push({ collection, id, field, value: mine.value, stamp: mine.stamp, now, by, at: writer.wall });
  }
  return out.sort((a, b) => (a.field < b.field ? -1 : 1));
}
