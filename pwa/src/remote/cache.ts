// The last answer of a team view (standings, the monthly review) kept in
// localStorage per user and period, so that a screen opened offline shows
// what it showed last time, with "as of". Answers are kept as the server
// sent them and checked again when read: a newer app version may read an
// older answer. Pure over a Storage-like object, so Node tests can call it.

/** The part of the Web Storage API the cache uses. */
export interface KeyValueStore {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface Cached<T> {
  value: T;
  /** When the server gave it, in ms since the epoch. */
  at: number;
}

/** How many answers a user keeps: a few months of weeks and months, a few hundred KB at most. */
const KEEP = 40;

const prefix = (userId: string) => `fieldbook.cache.${userId}.`;

/** The cached answer `name` (e.g. "review:2026-11") of a user, or null when there is none or it no longer parses. */
export function readCached<T>(
  store: KeyValueStore,
  userId: string,
  name: string,
  parse: (raw: unknown) => T | null,
): Cached<T> | null {
  try {
    const raw = store.getItem(prefix(userId) + name);
    if (!raw) return null;
    const entry = JSON.parse(raw) as { at?: unknown; value?: unknown };
    const value = parse(entry.value);
    return value !== null && typeof entry.at === "number" ? { value, at: entry.at } : null;
  } catch {
    return null; // storage disabled or a damaged entry: as if never cached
  }
}

/** Keeps an answer, dropping the user's oldest ones beyond `keep`. A full or disabled storage only loses the cache. */
export function writeCached(store: KeyValueStore, userId: string, name: string, value: unknown, at: number, keep = KEEP): void {
  try {
    store.setItem(prefix(userId) + name, JSON.stringify({ at, value }));
    const mine: { key: string; at: number }[] = [];
    for (let i = 0; i < store.length; i++) {
      const key = store.key(i);
      if (!key?.startsWith(prefix(userId))) continue;
      const entry = JSON.parse(store.getItem(key) ?? "{}") as { at?: unknown };
      mine.push({ key, at: typeof entry.at === "number" ? entry.at : 0 });
    }
    mine.sort((a, b) => b.at - a.at);
    for (const old of mine.slice(keep)) store.removeItem(old.key);
  } catch {
    // Quota exceeded or storage disabled: the screen still shows the answer.
  }
}
