// The consent ledger (issue 11) as the screens use it: a consents record is
// one event — a person gave or withdrew their consent to one group of their
// fields — written once and never edited. A subject's state per group is its
// latest event by `at` (ties by record id, as the server decides it); the
// fields of a group may hold a value only while that state is "given".
// Here: the typed view of a record, the state, which fields need which
// group, and the records a consent, a withdrawal or a conversion writes.
// Pure: no IndexedDB, no DOM.

import type { Fields, LocalRecord, NewChange } from "../sync";
import { instant } from "../time";
import type { Child } from "./model";
import { CONSENT_ACTIONS, CONSENT_GROUPS, CONSENT_METHODS, GROUP_FIELDS as SCHEMA_GROUP_FIELDS, GUARDIAN_AGE } from "./vocabulary";

// The lists are the server's (vocabulary.ts is written from the root
// package's vocabulary.go by `go generate ./pwa`).
export { CONSENT_ACTIONS, CONSENT_GROUPS, CONSENT_METHODS, GUARDIAN_AGE };
export type ConsentGroup = (typeof CONSENT_GROUPS)[number];
export type ConsentMethod = (typeof CONSENT_METHODS)[number];
export type ConsentAction = (typeof CONSENT_ACTIONS)[number];
/** Whose consent: a customer file or a Plan 100 name. */
export type Subject = "customers" | "prospects";

/** The collection of the ledger. */
export const CONSENTS = "consents";
/** The server's limits: a notice version is 1–40 characters, a guardian's name at most 100. */
export const NOTICE_MAX = 40;
export const GUARDIAN_MAX = 100;

/**
 * The fields of each group, per subject, as the server's schema has them
 * (generated from sync/rules/schema.go): a prospect has no family fields.
 */
export const GROUP_FIELDS: Readonly<Record<Subject, Readonly<Record<ConsentGroup, readonly string[]>>>> = SCHEMA_GROUP_FIELDS;

/** The group a field of a subject's record needs consent to, or null for a field free to write. */
export function groupOf(subject: Subject, field: string): ConsentGroup | null {
  return CONSENT_GROUPS.find((g) => GROUP_FIELDS[subject][g].includes(field)) ?? null;
}

const str = (v: unknown): string => (typeof v === "string" ? v : "");
const oneOf = <T extends string>(list: readonly T[], v: unknown): T | null =>
  typeof v === "string" && (list as readonly string[]).includes(v) ? (v as T) : null;

export interface Consent {
  id: string;
  subject: Subject | null;
  subjectId: string;
  group: ConsentGroup | null;
  action: ConsentAction | null;
  noticeVersion: string;
  method: ConsentMethod | null;
  /** When the person gave or withdrew it, as recorded (RFC 3339). */
  at: string;
  /** The same as Unix ms; NaN when unreadable. */
  atMs: number;
  guardian: string;
  pending: boolean;
}

export function consentOf(r: LocalRecord): Consent {
  const f = r.fields;
  const at = str(f["at"]);
  return {
    id: r.id,
    subject: oneOf<Subject>(["customers", "prospects"], f["subject"]),
    subjectId: str(f["subject_id"]),
    group: oneOf(CONSENT_GROUPS, f["group"]),
    action: oneOf(CONSENT_ACTIONS, f["action"]),
    noticeVersion: str(f["notice_version"]),
    method: oneOf(CONSENT_METHODS, f["method"]),
    at,
    atMs: instant(at),
    guardian: str(f["guardian"]),
    pending: r.pending,
  };
}

/** Whether a is a later event than b: by its instant (an unreadable one is the earliest), then by id. */
function later(a: Consent, b: Consent): boolean {
  const x = Number.isNaN(a.atMs) ? -Infinity : a.atMs;
  const y = Number.isNaN(b.atMs) ? -Infinity : b.atMs;
  return x !== y ? x > y : a.id > b.id;
}

export interface GroupConsent {
  /** "none" until an event is recorded. */
  state: "given" | "withdrawn" | "none";
  /** The event that decides it. */
  latest: Consent | null;
}

export type ConsentState = Readonly<Record<ConsentGroup, GroupConsent>>;

/** A subject's consent to each group: its latest event there. */
export function consentState(events: readonly Consent[], subject: Subject, subjectId: string): ConsentState {
  const latest = new Map<ConsentGroup, Consent>();
  for (const e of events) {
    if (e.subject !== subject || e.subjectId !== subjectId || !e.group || !e.action) continue;
    const was = latest.get(e.group);
    if (!was || later(e, was)) latest.set(e.group, e);
  }
  const out = {} as Record<ConsentGroup, GroupConsent>;
  for (const g of CONSENT_GROUPS) {
    const e = latest.get(g) ?? null;
    out[g] = { state: e ? (e.action === "given" ? "given" : "withdrawn") : "none", latest: e };
  }
  return out;
}

/** No event recorded for any group. */
export const NO_CONSENT: ConsentState = consentState([], "customers", "");

/** Whether a children value lists a child younger than GUARDIAN_AGE (a child of unknown age is not counted). */
export function hasYoungChild(children: readonly Child[] | unknown): boolean {
  return Array.isArray(children) && children.some((c: unknown) => {
    const age = (c as { age?: unknown } | null)?.age;
    return typeof age === "number" && age < GUARDIAN_AGE;
  });
}

/** Why a change to a subject's record would be refused for consent: the groups it writes without consent, and a young child without a guardian. */
export interface ConsentNeed {
  groups: ConsentGroup[];
  guardian: boolean;
}

/**
 * What a change needs before the server takes it: every group it writes a
 * value into (null clears, which needs nothing) without consent given, and,
 * for a customer's children with one under 14, a family consent naming the
 * guardian. Null when it needs nothing.
 */
export function consentNeeded(subject: Subject, fields: Fields, state: ConsentState): ConsentNeed | null {
  const groups = new Set<ConsentGroup>();
  for (const [name, value] of Object.entries(fields)) {
    const g = groupOf(subject, name);
    if (g && value !== null && state[g].state !== "given") groups.add(g);
  }
  const guardian =
    subject === "customers" && !groups.has("family") && hasYoungChild(fields["children"]) && !state.family.latest?.guardian;
  return groups.size > 0 || guardian ? { groups: CONSENT_GROUPS.filter((g) => groups.has(g)), guardian } : null;
}

/** One recording: the groups, given or withdrawn, how and when. */
export interface ConsentInput {
  groups: readonly ConsentGroup[];
  action: ConsentAction;
  method: ConsentMethod;
  /** RFC 3339, with the team's offset. */
  at: string;
  /** The notice the person was shown (a consent given). */
  noticeVersion?: string;
  /** The guardian's name (a family consent given for a child under 14). */
  guardian?: string;
}

/** The consents records one recording writes: one new record per group. */
export function consentChanges(subject: Subject, subjectId: string, input: ConsentInput, newId: () => string): NewChange[] {
  return input.groups.map((group) => {
    const fields: Fields = { subject, subject_id: subjectId, group, action: input.action, method: input.method, at: input.at };
    const notice = input.noticeVersion?.trim();
    if (input.action === "given" && notice) fields["notice_version"] = notice;
    const guardian = input.guardian?.trim();
    if (input.action === "given" && group === "family" && guardian) fields["guardian"] = guardian;
    return { collection: CONSENTS, id: newId(), fields };
  });
}

/**
 * The fields of a group a withdrawal clears on the subject's record at once
 * on this phone (the server clears them too, for every phone): each one that
 * holds a value, set to null. Empty when there is nothing to clear.
 */
export function withdrawalClears(subject: Subject, group: ConsentGroup, fields: Fields): Fields {
  const out: Fields = {};
  for (const name of GROUP_FIELDS[subject][group]) {
    if (fields[name] !== undefined && fields[name] !== null) out[name] = null;
  }
  return out;
}

/**
 * A conversion's consents: each group the prospect has given consent to,
 * recorded again for the new customer as it was given (method, time,
 * notice, guardian), so the file may carry what the consent covers.
 */
export function copiedConsents(state: ConsentState, customerId: string, newId: () => string): NewChange[] {
  return CONSENT_GROUPS.flatMap((g) => {
    const e = state[g].latest;
    if (state[g].state !== "given" || !e?.method) return [];
    return consentChanges(
      "customers",
      customerId,
      { groups: [g], action: "given", method: e.method, at: e.at, noticeVersion: e.noticeVersion, guardian: e.guardian },
      newId,
    );
  });
}
