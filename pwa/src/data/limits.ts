// The server's limits on the fields of prospects and customers
// (sync/rules/schema.go and values.go), checked in the forms before saving:
// a value the server refuses would come back as a rejected change long after
// the agent left the customer. The customer file and Plan 100 forms check them. Pure.

import { MAX_TEXT } from "./model";

/** Names, the referrer, the occupation, the spouse, a child's name. */
export const NAME_MAX = 100;
export const AGE_MAX = 120;
export const SCORE_MAX = 10;
export const MAX_CHILDREN = 20;
export { MAX_TEXT };

/** What is wrong with one value, for the message under its field. */
export type Problem =
  | { code: "required" }
  | { code: "tooLong"; max: number }
  | { code: "phone" }
  | { code: "range"; min: number; max: number };

/** Characters as the server counts them (code points, not UTF-16 units). */
export function charCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** A text of at most max characters; required means not only spaces. */
export function checkText(s: string, max: number, required = false): Problem | null {
  if (required && s.trim() === "") return { code: "required" };
  if (charCount(s.trim()) > max) return { code: "tooLong", max };
  return null;
}

// The server's pattern: digits, spaces and dashes, an optional leading +.
const PHONE = /^\+?[0-9][0-9 -]{2,30}$/;

/** A phone number, or nothing. */
export function checkPhone(s: string): Problem | null {
  const v = s.trim();
  return v === "" || PHONE.test(v) ? null : { code: "phone" };
}

/** A whole number from lo to hi, or nothing. */
export function checkWhole(s: string, lo: number, hi: number): Problem | null {
  const v = s.trim();
  if (v === "") return null;
  return /^\d+$/.test(v) && Number(v) >= lo && Number(v) <= hi ? null : { code: "range", min: lo, max: hi };
}
