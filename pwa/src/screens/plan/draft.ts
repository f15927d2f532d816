// The Plan 100 form as the inputs hold it (text), its checks against the
// server's limits, and the changes a save writes: a new name with its 获客
// activity, an edit of only the changed fields, a conversion into a customer
// file with the consents the name was given. Pure.

import { copiedConsents, type ConsentState } from "../../data/consents";
import { checkPhone, checkText, checkWhole, MAX_TEXT, NAME_MAX, SCORE_MAX, type Problem } from "../../data/limits";
import type { Grade, Prospect } from "../../data/model";
import type { Fields, NewChange } from "../../sync";

export type Source = "referral" | "other";

/** The three scores, 0–10, by their field names in the draft. */
export const SCORES = ["need", "wealth", "trust"] as const;

export interface ProspectDraft {
  name: string;
  phone: string;
  source: Source | "";
  referrer: string;
  grade: Grade | "";
  /** Each score as its select holds it: "" (not scored) or "0" … "10". */
  need: string;
  wealth: string;
  trust: string;
  notes: string;
}

export const EMPTY_PROSPECT: ProspectDraft = {
  name: "",
  phone: "",
  source: "",
  referrer: "",
  grade: "",
  need: "",
  wealth: "",
  trust: "",
  notes: "",
};

export function prospectDraft(p: Prospect): ProspectDraft {
  const score = (n: number | null) => (n === null ? "" : String(n));
  return {
    name: p.name,
    phone: p.phone,
    source: p.source ?? "",
    referrer: p.referrer,
    grade: p.grade ?? "",
    need: score(p.need),
    wealth: score(p.wealth),
    trust: score(p.trust),
    notes: p.notes,
  };
}

/** What is wrong, by the draft's field names, in the form's order. */
export function checkProspect(d: ProspectDraft): Record<string, Problem> {
  const out: Record<string, Problem | null> = {
    name: checkText(d.name, NAME_MAX, true),
    phone: checkPhone(d.phone),
    referrer: d.source === "referral" ? checkText(d.referrer, NAME_MAX) : null,
  };
  for (const s of SCORES) out[s] = checkWhole(d[s], 0, SCORE_MAX);
  out["notes"] = checkText(d.notes, MAX_TEXT);
  return Object.fromEntries(Object.entries(out).filter((e): e is [string, Problem] => e[1] !== null));
}

const scoreValue = (s: string) => (s.trim() === "" ? null : Number(s));

/** The record's fields as a checked draft would save them; null clears a field. */
function values(d: ProspectDraft): Fields {
  return {
    name: d.name.trim(),
    phone: d.phone.trim() || null,
    source: d.source || null,
    // Only a referral has someone who referred it.
    referrer: (d.source === "referral" && d.referrer.trim()) || null,
    grade: d.grade || null,
    need_score: scoreValue(d.need),
    wealth_score: scoreValue(d.wealth),
    trust_score: scoreValue(d.trust),
    notes: d.notes.trim() || null,
  };
}

/**
 * The fields that differ between the form as first shown (base) and now:
 * the merge is per field, so sending an unchanged field would overwrite an
 * edit made meanwhile on another phone. With EMPTY_PROSPECT as the base, it
 * is what a new name writes.
 */
export function prospectChanges(base: ProspectDraft, draft: ProspectDraft): Fields {
  const before = values(base);
  const after = values(draft);
  return Object.fromEntries(Object.entries(after).filter(([k, v]) => v !== before[k]));
}

/**
 * Adding a name (its fields as prospectChanges from EMPTY_PROSPECT gives
 * them): the prospect, new in the pipeline, and the 获客 activity that
 * counts it, saved together so one never exists without the other.
 */
export function newProspectChanges(fields: Fields, ids: { prospect: string; activity: string }, occurredAt: string): NewChange[] {
  return [
    { collection: "prospects", id: ids.prospect, fields: { ...fields, stage: "new" } },
    { collection: "activities", id: ids.activity, fields: { kind: "prospect", occurred_at: occurredAt, prospect_id: ids.prospect } },
  ];
}

/**
 * Turning a prospect into a customer file: the consents the prospect has
 * given, recorded again for the customer (first, so that the server has
 * them when the file comes), the file, carrying what the prospect already
 * knows (the phone only with consent to contact), and the prospect's link
 * to it, saved together.
 */
export function conversionChanges(p: Prospect, customerId: string, consent: ConsentState, newId: () => string): NewChange[] {
  const file: Fields = { name: p.name, prospect_id: p.id };
  if (p.phone && consent.contact.state === "given") file["phone"] = p.phone;
  if (p.notes) file["notes"] = p.notes;
  return [
    ...copiedConsents(consent, customerId, newId),
    { collection: "customers", id: customerId, fields: file },
    { collection: "prospects", id: p.id, fields: { customer_id: customerId } },
  ];
}
