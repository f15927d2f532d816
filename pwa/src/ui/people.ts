// Whom an activity was with, as the activity sheet offers them: the
// customers and the open Plan 100 names, the people last met first (a
// visit written up tonight is most likely with someone seen this week),
// then the rest by name; and the search that narrows them as the agent
// types. Pure.

import type { Customer, Prospect } from "../data/model";
import { instant } from "../time";

export interface Person {
  /** The picker's value: "c:<id>" or "p:<id>" (see activityDraft.subjectOf). */
  value: string;
  name: string;
  type: "customer" | "prospect";
  /** When the latest activity with them happened (Unix ms), 0 if none. */
  last: number;
}

/** What ordering needs of an activity: when, and with whom. */
export interface Contact {
  at: number;
  customerId: string | null;
  prospectId: string | null;
}

/** The contact an activity record's fields name (a record from the replica, or any field map). */
export function contactOf(fields: Record<string, unknown>): Contact {
  const s = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);
  return { at: instant(s(fields["occurred_at"]) ?? ""), customerId: s(fields["customer_id"]), prospectId: s(fields["prospect_id"]) };
}

const collator = new Intl.Collator("zh-CN");

/**
 * Everyone an activity may name, latest contact first, then by name. A
 * customer made from a Plan 100 name counts the activities with that name
 * too; names already made customers, closed or dropped are left out (they
 * are chosen through their customer file).
 */
export function rankPeople(customers: readonly Customer[], prospects: readonly Prospect[], contacts: Iterable<Contact>): Person[] {
  const last = new Map<string, number>();
  const bump = (key: string, at: number) => {
    if (at > (last.get(key) ?? 0)) last.set(key, at);
  };
  for (const c of contacts) {
    if (Number.isNaN(c.at)) continue;
    if (c.customerId) bump(`c:${c.customerId}`, c.at);
    if (c.prospectId) bump(`p:${c.prospectId}`, c.at);
  }
  const people: Person[] = [];
  for (const c of customers) {
    const viaProspect = c.prospectId ? (last.get(`p:${c.prospectId}`) ?? 0) : 0;
    people.push({ value: `c:${c.id}`, name: c.name, type: "customer", last: Math.max(last.get(`c:${c.id}`) ?? 0, viaProspect) });
  }
  for (const p of prospects) {
    if (p.customerId || p.stage === "closed" || p.stage === "dropped") continue;
    people.push({ value: `p:${p.id}`, name: p.name, type: "prospect", last: last.get(`p:${p.id}`) ?? 0 });
  }
  return people.sort((a, b) => b.last - a.last || collator.compare(a.name, b.name) || (a.value < b.value ? -1 : 1));
}

/** A name as search compares it: width, case and spaces ignored. */
function folded(s: string): string {
  return s.normalize("NFKC").toLocaleLowerCase().replace(/\s+/g, "");
}

/** The people whose name holds the query, in the order given; everyone for an empty query. */
export function findPeople(people: readonly Person[], query: string): readonly Person[] {
  const q = folded(query);
  if (!q) return people;
  return people.filter((p) => folded(p.name).includes(q));
}
