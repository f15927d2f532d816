// A new password, checked on the phone as the server will (auth/password.go
// CheckPassword) and typed twice so that a slip is caught before anyone is
// locked out. Pure.

import { byteCount, runeCount, type Problem } from "./problems";

/** auth.MinPasswordLength, in characters. */
export const MIN_PASSWORD_LENGTH = 8;
/** The server's limit, in UTF-8 bytes. */
export const MAX_PASSWORD_BYTES = 1024;

/** The problem with a new password, or null. It is never trimmed: spaces are characters. */
export function checkPassword(pw: string): Problem | null {
  if (pw === "") return { code: "required" };
  if (runeCount(pw) < MIN_PASSWORD_LENGTH) return { code: "passwordShort", min: MIN_PASSWORD_LENGTH };
  if (byteCount(pw) > MAX_PASSWORD_BYTES) return { code: "passwordLong", max: MAX_PASSWORD_BYTES };
  return null;
}

/** The problems of a password and its repetition, by field. */
export function checkPasswords(password: string, again: string): { password?: Problem; again?: Problem } {
  const p = checkPassword(password);
  if (p) return { password: p };
  if (again === "") return { again: { code: "required" } };
  return again === password ? {} : { again: { code: "mismatch" } };
}
