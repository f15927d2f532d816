// What can be wrong with one field of the admin forms, said under the field
// (Problems.tsx puts it into words), and the number parsing they share. Pure.

export type Problem =
  | { code: "required" }
  | { code: "tooLong"; max: number }
  /** Not a number at all. */
  | { code: "number" }
  /** A number outside min–max, or not whole where a whole one is needed. */
  | { code: "range"; min: number; max: number; whole: boolean }
  /** Not 0 and not a whole number from min to max (retention.prospect_months). */
  | { code: "retention"; min: number; max: number }
  | { code: "timeZone" }
  /** The server knows no such IANA zone. */
  | { code: "unknownZone" }
  | { code: "username" }
  | { code: "passwordShort"; min: number }
  | { code: "passwordLong"; max: number }
  | { code: "mismatch" }
  /** A username or team name someone already has. */
  | { code: "taken" }
  /** The server's answer to this field (a taken username, an unknown time zone), as it said it. */
  | { code: "server"; message: string };

/** A plain decimal number as typed (12, 12.5, .5, -3); null for anything else. */
export function parseDecimal(s: string): number | null {
  const v = s.trim();
  if (!/^-?(\d+(\.\d*)?|\.\d+)$/.test(v)) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

/** A whole number from min to max, or nothing (an empty field is the caller's to judge). */
export function checkWhole(s: string, min: number, max: number): Problem | null {
  const v = s.trim();
  if (v === "") return null;
  return /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max ? null : { code: "range", min, max, whole: true };
}

/** Characters as the server counts them (Go runes: code points, not UTF-16 units). */
export function runeCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Bytes in UTF-8, as Go's len() counts a string. */
export function byteCount(s: string): number {
  return new TextEncoder().encode(s).length;
}

/** An error answer as ApiError carries it. */
export interface Refusal {
  status: number;
  code: string;
  message: string;
}

/** A rule saying which field a refusal is about: its code, or a pattern its message matches. */
export type RefusalRule<F extends string> = readonly [{ code: string } | RegExp, F];

/**
 * The field of a form that the server's refusal is about, so that it is
 * said under that field ("the username is taken"); null when it is about
 * the form as a whole and is said next to the save button.
 */
export function refusalField<F extends string>(r: Refusal, rules: readonly RefusalRule<F>[]): F | null {
  for (const [match, field] of rules) {
    if (match instanceof RegExp ? match.test(r.message) : match.code === r.code) return field;
  }
  return null;
}

/**
 * The problem to show under that field: "taken" for a conflict, an unknown
 * time zone in the interface's words, else the server's own.
 */
export function refusalProblem(r: Refusal): Problem {
  if (r.code === "conflict") return { code: "taken" };
  if (/^time_zone\b/.test(r.message)) return { code: "unknownZone" };
  return { code: "server", message: r.message };
}
