// Reading values out of a server answer, which may hold anything: each
// helper returns the type asked for or a neutral value, never throws.

type Obj = Record<string, unknown>;

export const obj = (v: unknown): Obj => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string => (typeof v === "string" ? v : "");
/** A finite number, or null (the server sends null for a rate with no denominator). */
export const numOrNull = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
export const num = (v: unknown): number => numOrNull(v) ?? 0;

/** An object of activity kind → count. */
export function counts(v: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, n] of Object.entries(obj(v))) {
    const c = numOrNull(n);
    if (c !== null) out[k] = c;
  }
  return out;
}

export interface Award {
  kind: string;
  /** Yuan; absent when this phone cannot know it (a champion crowned from local records). */
  amount?: number;
  day?: string;
}

/** Awards of a kind counted, in the order each kind first appears: a month can hold several of one kind. */
export function awardCounts(list: readonly Award[]): { kind: string; count: number }[] {
  const out: { kind: string; count: number }[] = [];
  for (const a of list) {
    const seen = out.find((c) => c.kind === a.kind);
    if (seen) seen.count++;
    else out.push({ kind: a.kind, count: 1 });
  }
  return out;
}

export function awards(v: unknown): Award[] {
  return arr(v).flatMap((a): Award[] => {
    const o = obj(a);
    const kind = str(o["kind"]);
    if (!kind) return [];
    const amount = numOrNull(o["amount"]);
    const day = str(o["day"]);
    return [{ kind, ...(amount !== null ? { amount } : {}), ...(day ? { day } : {}) }];
  });
}
