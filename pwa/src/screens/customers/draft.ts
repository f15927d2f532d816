// The customer file form as the inputs hold it (text), its checks against
// the server's limits, and the fields a save writes. Pure.
//
// A save writes only the fields whose value differs from the record as the
// form first showed it: the merge is per field, so sending an unchanged
// field would overwrite an edit made meanwhile on another phone.

import { hasYoungChild } from "../../data/consents";
import { AGE_MAX, checkPhone, checkText, checkWhole, MAX_TEXT, NAME_MAX, type Problem } from "../../data/limits";
import { GENDERS, INCOME_BANDS, NEEDS, type Customer } from "../../data/model";
import type { Fields } from "../../sync";

export type Gender = (typeof GENDERS)[number];
export type IncomeBand = (typeof INCOME_BANDS)[number];
export type Need = (typeof NEEDS)[number];

export interface ChildRow {
  /** Keeps a row's inputs with it when a row above is removed. */
  key: number;
  name: string;
  age: string;
}

export interface CustomerDraft {
  name: string;
  phone: string;
  gender: Gender | "";
  age: string;
  occupation: string;
  incomeBand: IncomeBand | "";
  spouse: string;
  /** "No spouse" stated: saved as "" (which fills the family part), unlike unknown (null). */
  noSpouse: boolean;
  children: ChildRow[];
  /** "No children" stated: saved as [] (which fills the family part), unlike unknown (null). */
  noChildren: boolean;
  needs: Need[];
  notes: string;
}

export const EMPTY_CUSTOMER: CustomerDraft = {
  name: "",
  phone: "",
  gender: "",
  age: "",
  occupation: "",
  incomeBand: "",
  spouse: "",
  noSpouse: false,
  children: [],
  noChildren: false,
  needs: [],
  notes: "",
};

export function customerDraft(c: Customer): CustomerDraft {
  const kids = c.children ?? [];
  return {
    name: c.name,
    phone: c.phone,
    gender: (c.gender ?? "") as Gender | "",
    age: c.age === null ? "" : String(c.age),
    occupation: c.occupation,
    incomeBand: (c.incomeBand ?? "") as IncomeBand | "",
    spouse: c.spouse ?? "",
    noSpouse: c.spouse === "",
    children: kids.map((k, i) => ({ key: i, name: k.name ?? "", age: k.age === undefined ? "" : String(k.age) })),
    noChildren: c.children !== null && kids.length === 0,
    needs: NEEDS.filter((n) => c.needs.includes(n)),
    notes: c.notes,
  };
}

/** The id of a child's input, which is also the key of its problem. */
export const childField = (row: ChildRow, part: "name" | "age") => `child-${row.key}-${part}`;

/** What is wrong, by input (the draft's field names, childField() for children), in the form's order. */
export function checkCustomer(d: CustomerDraft): Record<string, Problem> {
  const out: Record<string, Problem | null> = {
    name: checkText(d.name, NAME_MAX, true),
    phone: checkPhone(d.phone),
    age: checkWhole(d.age, 0, AGE_MAX),
    occupation: checkText(d.occupation, NAME_MAX),
    spouse: d.noSpouse ? null : checkText(d.spouse, NAME_MAX),
  };
  for (const row of d.children) {
    out[childField(row, "name")] = checkText(row.name, NAME_MAX);
    out[childField(row, "age")] = checkWhole(row.age, 0, AGE_MAX);
  }
  out["notes"] = checkText(d.notes, MAX_TEXT);
  return Object.fromEntries(Object.entries(out).filter((e): e is [string, Problem] => e[1] !== null));
}

/** The children as saved: [] when "none" is stated, null when unknown, rows left blank dropped. */
function childrenValue(d: CustomerDraft): { name?: string; age?: number }[] | null {
  if (d.noChildren) return [];
  const list = d.children
    .map((r) => ({ name: r.name.trim(), age: r.age.trim() }))
    .filter((r) => r.name || r.age)
    .map((r) => ({ ...(r.name ? { name: r.name } : {}), ...(r.age ? { age: Number(r.age) } : {}) }));
  return list.length > 0 ? list : null;
}

/** Whether the children typed include one under 14, whose data needs a guardian's consent. */
export function youngChildIn(d: CustomerDraft): boolean {
  return hasYoungChild(childrenValue(d));
}

/** The record's fields as a checked draft would save them; null clears a field. */
function values(d: CustomerDraft): Fields {
  return {
    name: d.name.trim(),
    phone: d.phone.trim() || null,
    gender: d.gender || null,
    age: d.age.trim() === "" ? null : Number(d.age.trim()),
    occupation: d.occupation.trim() || null,
    income_band: d.incomeBand || null,
    spouse: d.noSpouse ? "" : d.spouse.trim() || null,
    children: childrenValue(d),
    needs: d.needs.length > 0 ? NEEDS.filter((n) => d.needs.includes(n)) : null,
    notes: d.notes.trim() || null,
  };
}

/**
 * The fields that differ between the form as first shown (base) and now.
 * With EMPTY_CUSTOMER as the base, it is what a new file writes.
 */
export function customerChanges(base: CustomerDraft, draft: CustomerDraft): Fields {
  const before = values(base);
  const after = values(draft);
  return Object.fromEntries(Object.entries(after).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(before[k])));
}
