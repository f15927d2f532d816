// The sync screen's names for what the server sends as codes: collections,
// activity kinds, the reasons a change was rejected; a code this version does
// not know is shown as it is (a reason, as the generic one).

import { label } from "../../data/labels";
import { tr } from "./messages";

/** The localised name of a collection, or its id for one this version does not know. */
export function collectionLabel(name: string): string {
  const key = `collection.${name}`;
  return tr.has(key) ? tr(key) : name;
}

/** The localised name of an activity kind (the domain's word), or the kind itself. */
export function kindLabel(kind: unknown): string {
  return label("kind", String(kind));
}

/** Why the server rejected a change, in the user's words. */
export function rejectReason(code: string): string {
  const key = `reject.${code}`;
  return tr.has(key) ? tr(key) : tr("reject.unknown");
}
