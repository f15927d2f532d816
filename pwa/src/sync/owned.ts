// After a `restored` reset the server may have lost changes it had
// acknowledged; the client sends again what it wrote (docs/protocol.md). Pure.

import { parseStamp } from "./hlc";
import { setField, type Fields } from "./merge";
import type { Change, PulledRecord } from "./protocol";

/**
 * The changes that would write again, with their stamps, every field of
 * `records` that node `clientId` wrote: one change per record and stamp,
 * ordered by stamp so that seq order follows the original order.
 */
export function ownedChanges(records: readonly PulledRecord[], clientId: string): Omit<Change, "seq">[] {
  const out: Omit<Change, "seq">[] = [];
  for (const r of records) {
    const byStamp = new Map<string, Fields>();
    for (const [name, stamp] of Object.entries(r.stamps)) {
      if (parseStamp(stamp)?.node !== clientId) continue;
      const fields = byStamp.get(stamp) ?? {};
      setField(fields, name, r.fields[name]);
      byStamp.set(stamp, fields);
    }
    for (const [hlc, fields] of byStamp) out.push({ collection: r.collection, id: r.id, hlc, fields });
  }
  return out.sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0));
}
