// Small constructors of records and stores for the Node tests (the app
// never imports this file): typed views of records (customers, activities,
// prospects, team members, consents), scores records, an in-memory Storage.

import type { KeyValueStore } from "../remote/cache";
import type { Period } from "../scoring/period";
import { dayIn } from "../time";
import { consentOf, type Consent } from "./consents";
import type { Activity, Customer, Member, Prospect, Score } from "./model";
import type { TeamMember } from "./teams";

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

export function customer(over: Partial<Customer> = {}): Customer {
  return {
    id: "c1",
    name: "王芳",
    phone: "",
    gender: null,
    age: null,
    occupation: "",
    incomeBand: null,
    spouse: null,
    children: null,
    needs: [],
    notes: "",
    prospectId: null,
    pending: false,
    ...over,
  };
}

export function activity(over: Partial<Activity> = {}): Activity {
  const occurredAt = over.occurredAt ?? "2026-11-28T10:30:00+08:00";
  const at = Date.parse(occurredAt);
  return {
    id: "a1",
    kind: "visit",
    occurredAt,
    at,
    day: Number.isNaN(at) ? "" : dayIn(at, "Asia/Shanghai"),
    customerId: null,
    prospectId: null,
    outcome: "",
    premium: null,
    nextStep: "",
    nextAt: "",
    notes: "",
    voided: false,
    voidReason: "",
    pending: false,
    ...over,
  };
}

export function prospect(over: Partial<Prospect> = {}): Prospect {
  return {
    id: "p1",
    name: "李总",
    phone: "",
    source: null,
    referrer: "",
    grade: null,
    need: null,
    wealth: null,
    trust: null,
    stage: "new",
    notes: "",
    customerId: null,
    createdAt: "2026-11-01T09:00:00Z",
    updatedAt: "2026-11-01T09:00:00Z",
    keptAt: "",
    pending: false,
    ...over,
  };
}

/** A consent event, read from a consents record as the app reads one; over sets its fields. */
export function consent(id: string, over: Record<string, unknown> = {}): Consent {
  const fields = {
    subject: "customers",
    subject_id: "c1",
    group: "contact",
    action: "given",
    method: "in_person",
    notice_version: "2026-1",
    at: "2026-11-28T10:30:00+08:00",
    ...over,
  };
  return consentOf({ collection: "consents", id, fields, stamps: {}, pending: false });
}

export const member = (id: string, name: string, role = "agent", active = true, teamId = "t1"): TeamMember => ({
  id,
  name,
  role,
  active,
  teamId,
});

export function weekScore(agentId: string, p: Period, score: number, more: Partial<Score> = {}): Score {
  return blankScore({ id: `${agentId}-${p.label}`, agentId, kind: p.kind, period: p.label, start: p.start, end: p.end, score, ...more });
}

export const team: Member[] = [member("a", "李娜"), member("b", "王强"), member("c", "张晓雨"), member("s", "周敏", "supervisor")];
