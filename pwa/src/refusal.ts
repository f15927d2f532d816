// What the app does when the server refuses its refresh (docs/api.md §3.2):
// only a device signed out on purpose (sign out everywhere, an admin's
// sign-out, a disabled user) deletes its local data; an expired, logged-out
// or reused session only signs out, keeping the outbox for the next sign-in;
// no answer, a 5xx or another error changes nothing (the app tries again).
// And what it does when the server has no room for writes (507
// insufficient_storage, docs/protocol.md §9): it keeps everything, pulls
// without sending, and sends later.
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

/**
 * Whether an error answer says the server's disk is nearly full (507
 * `insufficient_storage`): nothing the request sent was written, so the app
 * keeps its outbox as it is, goes on pulling without sending, and sends
 * again later (after Retry-After); reading goes on.
 */
export function serverFull(answer: { status: number; body: unknown }): boolean {
  const b = answer.body as { error?: { code?: unknown } } | undefined;
  return answer.status === 507 || b?.error?.code === "insufficient_storage";
}
