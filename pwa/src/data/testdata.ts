// Small constructors of records for the Node tests of several screens
// (the app never imports this file).

import type { KeyValueStore } from "../screens/me/cache";
import type { Score } from "./model";

/** A scores record with nothing scored, counted or won; over sets the rest. */
export function blankScore(over: Partial<Score> = {}): Score {
  return {
    id: "",
    agentId: "",
    kind: "week",
    period: "",
    start: "",
    end: "",
    score: 0,
    band: "",
    categories: [],
    counts: {},
    premium: 0,
    pendingDays: 0,
    pendingCounts: {},
    amendedDays: 0,
    approvedDays: 0,
    days: [],
    streakOut: 0,
    awards: [],
    ...over,
  };
}

/** An in-memory Storage, optionally refusing writes like a full localStorage. */
export function memoryStore(full = false): KeyValueStore & { keys(): string[] } {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    key: (i) => [...m.keys()][i] ?? null,
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => {
      if (full) throw new Error("QuotaExceededError");
      m.set(k, v);
    },
    removeItem: (k) => void m.delete(k),
    keys: () => [...m.keys()].sort(),
  };
}

/** Runs fn with the process (the "phone") in another zone, as a browser in Los Angeles would be. */
export function inPhoneZone<T>(zone: string, fn: () => T): T {
  // Node's process, without Node's types in the app's type check.
  const env = (globalThis as unknown as { process: { env: Record<string, string | undefined> } }).process.env;
  const was = env["TZ"];
  env["TZ"] = zone;
  try {
    return fn();
  } finally {
    if (was === undefined) delete env["TZ"];
    else env["TZ"] = was;
  }
}
