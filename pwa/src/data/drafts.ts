// Half-typed input kept on the device: a form or sheet saves what the user
// typed as they type, so that closing the app, a reload or Back never throws
// it away; it is cleared once saved or discarded on purpose. Drafts live in
// localStorage per user (a shared phone keeps each user's own) and never
// leave the device.

/** The part of Storage drafts use (localStorage in the app, a Map in tests). */
export type DraftStore = Pick<Storage, "getItem" | "setItem" | "removeItem">;

const PREFIX = "fieldbook.draft.";

function storageKey(user: string, key: string): string {
  return `${PREFIX}${user}.${key}`;
}

/** The draft kept under key for user, or null. */
export function loadDraft<T>(user: string, key: string, store: DraftStore = localStorage): T | null {
  try {
    const raw = store.getItem(storageKey(user, key));
    return raw === null ? null : (JSON.parse(raw) as { value: T }).value;
  } catch {
    return null;
  }
}

/** Keeps value as user's draft under key (a full storage keeps the old draft, silently). */
export function saveDraft<T>(user: string, key: string, value: T, store: DraftStore = localStorage): void {
  try {
    store.setItem(storageKey(user, key), JSON.stringify({ value, at: Date.now() }));
  } catch {
    // Storage full or refused: the form still holds the input.
  }
}

/** Forgets user's draft under key. */
export function clearDraft(user: string, key: string, store: DraftStore = localStorage): void {
  try {
    store.removeItem(storageKey(user, key));
  } catch {
    // Nothing to forget.
  }
}
