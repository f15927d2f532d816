import { t } from "../../i18n";

/** The localised name of a collection, or its id for one this version does not know. */
export function collectionLabel(name: string): string {
  const key = `collection.${name}`;
  return t.has(key) ? t(key) : name;
}

/** The localised name of an activity kind, or the kind itself. */
export function kindLabel(kind: unknown): string {
  const key = `kind.${String(kind)}`;
  return t.has(key) ? t(key) : String(kind);
}

/** Why the server rejected a change, in the user's words. */
export function rejectReason(code: string): string {
  const key = `reject.${code}`;
  return t.has(key) ? t(key) : t("reject.unknown");
}
