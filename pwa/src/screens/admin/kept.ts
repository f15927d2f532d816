// What the admin has typed and not yet saved, kept in memory while the app
// is open: leaving a form (to look something up, or because the network is
// gone) and coming back finds it as it was. Never written to storage (it
// may hold passwords), and forgotten when another user signs in.

import { useState } from "preact/hooks";
import { session } from "../../api";

const store = new Map<string, unknown>();
let owner: string | undefined;

function scoped(): Map<string, unknown> {
  const id = session.peek()?.user.id;
  if (id !== owner) {
    store.clear();
    owner = id;
  }
  return store;
}

/** The kept value of key, if any. */
export function kept<T>(key: string): T | undefined {
  return scoped().get(key) as T | undefined;
}

export function forget(key: string): void {
  scoped().delete(key);
}

/**
 * State that outlives the component: [value, set, forget]. forget() drops
 * the kept value (after a save) and leaves the component's value as it is.
 */
export function useKept<T>(key: string, initial: () => T): [T, (v: T) => void, () => void] {
  const [value, setValue] = useState<T>(() => kept<T>(key) ?? initial());
  const set = (v: T) => {
    scoped().set(key, v);
    setValue(v);
  };
  return [value, set, () => forget(key)];
}
