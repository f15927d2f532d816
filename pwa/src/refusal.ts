// What the app does when the server refuses its refresh (docs/api.md §3.2):
// only a device signed out on purpose (sign out everywhere, an admin's
// sign-out, a disabled user) deletes its local data; an expired, logged-out
// or reused session only signs out, keeping the outbox for the next sign-in;
// no answer, a 5xx or another error changes nothing (the app tries again).
// Pure, so that Node tests every answer.

/** wipe: sign out and delete the local data; signout: sign out, keep it; retry: keep the session. */
export type Verdict = "wipe" | "signout" | "retry";

/** The verdict on an answer to POST /api/auth/refresh that was not 2xx; null for no answer at all. */
export function refusalVerdict(answer: { status: number; body: unknown } | null): Verdict {
  if (answer === null || answer.status >= 500) return "retry";
  if (answer.status !== 401 && answer.status !== 403) return "retry";
  const b = answer.body as { error?: { code?: unknown }; signed_out?: unknown } | undefined;
  if (answer.status === 401 && b?.error?.code === "invalid_refresh_token" && b.signed_out === true) return "wipe";
  return "signout";
}
