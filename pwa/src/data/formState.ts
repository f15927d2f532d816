// What a form of a record holds while the user types: the version of the
// record it started from (base), what it shows (local: the base with the
// user's unsaved edits), and the fields where the record changed elsewhere
// (another tab, another phone through a sync) in a way that clashes with
// an edit. Pure: the hook in ui/useFormState.ts keeps one per form.
//
// When a newer version of the record arrives (remote), it is merged part
// by part, three ways:
//   - a part the user did not touch takes the new value;
//   - a part only the user changed keeps the user's value;
//   - a part both changed to the same value is simply that value;
//   - a part both changed differently keeps the user's value and becomes a
//     conflict: the form shows the other version beside it, and the user
//     chooses (theirs, or mine).
// The newer version becomes the base, so a save writes exactly the parts
// that differ from what is now stored: what the user typed, never a stale
// copy of a part someone else changed. A conflict's other version is thus
// always the base's value of that part.
//
// A part is one field of the form, or a few fields that only mean
// something together (a spouse's name and "no spouse"), merged as one.

import { canonicalJSON } from "../sync";

export interface FormState<D> {
  /** The newest version of the record the form has seen, as form values. */
  readonly base: D;
  /** What the form shows: the base with the user's unsaved edits. */
  readonly local: D;
  /** The parts (by their first field) where the user's value and the newest version's differ, both changed. */
  readonly conflicts: readonly string[];
}

/** Fields that are merged together, each group named by its first field. */
export type Linked<D> = readonly (readonly (keyof D & string)[])[];

/** A form that starts from a record's values (or a new record's empty ones). */
export function startForm<D extends object>(initial: D): FormState<D> {
  return { base: initial, local: initial, conflicts: [] };
}

/** Whether two form values are the same (arrays and objects by content, keys in any order). */
export function sameValue(a: unknown, b: unknown): boolean {
  return a === b || canonicalJSON(a) === canonicalJSON(b);
}

/** The parts of a form: each field on its own, except linked ones, which go together. */
export function partsOf<D extends object>(d: D, linked: Linked<D> = []): (keyof D & string)[][] {
  const out: (keyof D & string)[][] = [];
  const grouped = new Set<string>(linked.flat());
  for (const group of linked) out.push([...group]);
  for (const k of Object.keys(d) as (keyof D & string)[]) if (!grouped.has(k)) out.push([k]);
  return out;
}

/** The parts by their names (first fields), to look one up. */
function partMap<D extends object>(d: D, linked: Linked<D>): Map<string, (keyof D & string)[]> {
  return new Map(partsOf(d, linked).map((p) => [p[0]!, p]));
}

function samePart<D extends object>(a: D, b: D, part: readonly (keyof D)[]): boolean {
  return part.every((k) => sameValue(a[k], b[k]));
}

/** Whether the form holds input not saved: some part differs from the base. */
export function isDirty<D extends object>(s: FormState<D>, linked: Linked<D> = []): boolean {
  return s.conflicts.length > 0 || partsOf(s.base, linked).some((p) => !samePart(s.base, s.local, p));
}

/** The part names whose values the user changed from the base. */
export function editedParts<D extends object>(s: FormState<D>, linked: Linked<D> = []): string[] {
  return partsOf(s.base, linked)
    .filter((p) => !samePart(s.base, s.local, p))
    .map((p) => p[0]!);
}

/**
 * Merges a newer version of the record (remote) into the form, three ways
 * against the base, and makes it the base (see the top of this file).
 */
export function rebase<D extends object>(s: FormState<D>, remote: D, linked: Linked<D> = []): FormState<D> {
  const local = { ...s.local };
  const conflicts: string[] = [];
  const open = new Set(s.conflicts);
  for (const part of partsOf(remote, linked)) {
    const name = part[0]!;
    const mine = !samePart(s.local, s.base, part);
    const theirs = !samePart(remote, s.base, part);
    if (!mine) {
      for (const k of part) local[k] = remote[k];
    } else if (samePart(s.local, remote, part)) {
      // Both made the same change: nothing to choose.
    } else if (theirs || open.has(name)) {
      // Changed both here and there (now, or in a version merged before
      // and not yet settled): the user's value stays, theirs is shown.
      conflicts.push(name);
    }
  }
  return { base: remote, local, conflicts };
}

/** The user changed one field; a conflict on its part ends if the value now equals the other version. */
export function edit<D extends object, K extends keyof D & string>(s: FormState<D>, key: K, value: D[K], linked: Linked<D> = []): FormState<D> {
  const local = { ...s.local, [key]: value };
  const parts = partMap(s.base, linked);
  const conflicts = s.conflicts.filter((name) => !samePart(local, s.base, parts.get(name) ?? [name as keyof D & string]));
  return { ...s, local, conflicts };
}

/**
 * Settles a conflict: "theirs" takes the other version's values of the
 * part (the base's), "mine" keeps the user's, to be saved over it.
 */
export function resolve<D extends object>(s: FormState<D>, name: string, choice: "theirs" | "mine", linked: Linked<D> = []): FormState<D> {
  if (!s.conflicts.includes(name)) return s;
  const conflicts = s.conflicts.filter((c) => c !== name);
  if (choice === "mine") return { ...s, conflicts };
  const local = { ...s.local };
  for (const k of partMap(s.base, linked).get(name) ?? [name as keyof D & string]) local[k] = s.base[k];
  return { ...s, local, conflicts };
}

/** The form was saved as it shows: what it shows is now the base. */
export function saved<D extends object>(s: FormState<D>): FormState<D> {
  return { base: s.local, local: s.local, conflicts: [] };
}

/** The user threw the edits away: the form shows the base again. */
export function discarded<D extends object>(s: FormState<D>): FormState<D> {
  return { base: s.base, local: s.base, conflicts: [] };
}

/**
 * A form state kept as a draft (JSON from the device's storage, maybe
 * written by another version of the app), fitted to the fields of `shape`:
 * a field missing, or of another type, takes the shape's value.
 */
export function restoreForm<D extends object>(stored: unknown, shape: D): FormState<D> | null {
  if (typeof stored !== "object" || stored === null) return null;
  const s = stored as { base?: unknown; local?: unknown; conflicts?: unknown };
  const fit = (v: unknown): D => {
    const out = { ...shape };
    if (typeof v !== "object" || v === null) return out;
    for (const k of Object.keys(shape) as (keyof D & string)[]) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined && kindOf(x) === kindOf(shape[k])) out[k] = x as D[typeof k];
    }
    return out;
  };
  const names = new Set(Object.keys(shape));
  const conflicts = Array.isArray(s.conflicts) ? s.conflicts.filter((c): c is string => typeof c === "string" && names.has(c)) : [];
  return { base: fit(s.base), local: fit(s.local), conflicts };
}

const kindOf = (v: unknown) => (Array.isArray(v) ? "array" : v === null ? "null" : typeof v);
