// The wait after too many sign-in attempts, as people say it: the server's
// Retry-After is in seconds (875), the screen says minutes, rounded up, so
// that whoever waits as long as it says is let in ("15 分钟"). Pure.

/** Whole minutes to wait for a Retry-After of `seconds`: rounded up, at least 1. */
export function lockoutMinutes(seconds: number): number {
  return Math.max(1, Math.ceil(seconds / 60));
}
