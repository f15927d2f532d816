// Per-field last-writer-wins merge (docs/protocol.md "Records and merge").
//
// Each field is a register holding a value and the stamp of the change that
// wrote it. Merging keeps, field by field, the value with the greater stamp.
// Equal stamps with different values cannot come from one correct writer, but
// a replica must still converge, so the tie is broken by comparing the
// values' canonical JSON: the merge stays commutative, associative and
// idempotent whatever the input.
//
// Pure: no I/O. Inputs are never modified.

import { compareStamps } from "./hlc";

export type Fields = Record<string, unknown>;
export type Stamps = Record<string, string>;

/** A record's fields and, for each field, the stamp that wrote it. */
export interface Versioned {
  fields: Fields;
  stamps: Stamps;
}

/**
 * JSON with object keys sorted at every depth, so that equal values have
 * equal text whatever order their keys were written in. `undefined` and
 * non-finite numbers become null, as JSON.stringify does inside arrays.
 */
export function canonicalJSON(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJSON).join(",")}]`;
  if (typeof value === "object") {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJSON(obj[k])}`).join(",")}}`;
  }
  if (typeof value === "number" && !Number.isFinite(value)) return "null";
  return JSON.stringify(value) ?? "null";
}

/**
 * Orders two writes of one field: positive when (aStamp, aValue) wins. A
 * missing stamp is "" and loses to any real stamp.
 */
export function compareWrites(aStamp: string, aValue: unknown, bStamp: string, bValue: unknown): number {
  const byStamp = compareStamps(aStamp, bStamp);
  if (byStamp !== 0) return byStamp;
  return compareStamps(canonicalJSON(aValue), canonicalJSON(bValue));
}

/** Whether obj has its own property name (Object.hasOwn needs Chrome 93). */
export function hasField(obj: object, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, name);
}

/**
 * Sets a field as an own data property. Plain assignment of a field named
 * `__proto__` (which arrives from the network as an ordinary JSON key) would
 * change the object's prototype instead.
 */
export function setField<T>(obj: Record<string, T>, name: string, value: T): void {
  Object.defineProperty(obj, name, { value, enumerable: true, writable: true, configurable: true });
}

/** Merges two replicas of one record, field by field. */
export function mergeRecords(a: Versioned, b: Versioned): Versioned {
  const names = new Set([...Object.keys(a.fields), ...Object.keys(b.fields)]);
  const fields: Fields = {};
  const stamps: Stamps = {};
  // Sorted, so merged records have one key order whatever the input order.
  for (const name of [...names].sort()) {
    const inA = hasField(a.fields, name);
    const inB = hasField(b.fields, name);
    const aStamp = a.stamps[name] ?? "";
    const bStamp = b.stamps[name] ?? "";
    const takeA = inA && (!inB || compareWrites(aStamp, a.fields[name], bStamp, b.fields[name]) >= 0);
    const [value, stamp] = takeA ? [a.fields[name], aStamp] : [b.fields[name], bStamp];
    setField(fields, name, value);
    if (stamp !== "") setField(stamps, name, stamp);
  }
  return { fields, stamps };
}

/** A change (one stamp for all its fields) as a replica, ready to merge. */
export function changeAsVersioned(fields: Fields, hlc: string): Versioned {
  const stamps: Stamps = {};
  const copy: Fields = {};
  for (const name of Object.keys(fields)) {
    setField(copy, name, fields[name]);
    setField(stamps, name, hlc);
  }
  return { fields: copy, stamps };
}

/** A record's version: the greatest of its stamps ("" for none). */
export function recordVersion(v: Versioned): string {
  let max = "";
  for (const s of Object.values(v.stamps)) if (compareStamps(s, max) > 0) max = s;
  return max;
}

/** Whether the record is deleted (the `_deleted` field, merged like any other). */
export function isDeleted(v: Versioned): boolean {
  return v.fields["_deleted"] === true;
}

/**
 * What a phone keeps of a deleted record: `_deleted` and its stamp, nothing
 * else. An erased customer or prospect arrives with its fields set to null
 * (erasure reaches every phone); any other value a deleted
 * record held stays on the server. The stamps go with the values: were a
 * stamp kept with a null, a server value of the same stamp (an undeleted
 * record pulled again) could lose the tie to it. A later pull carries the
 * whole record again, so dropping them never loses what the server holds.
 */
export function erased(v: Versioned): Versioned {
  const fields: Fields = {};
  const stamps: Stamps = {};
  if (hasField(v.fields, "_deleted")) setField(fields, "_deleted", v.fields["_deleted"]);
  const stamp = v.stamps["_deleted"];
  if (stamp !== undefined) setField(stamps, "_deleted", stamp);
  return { fields, stamps };
}
