// Whether the outbox has stalled (pure, so the Node tests can check it):
// changes have waited longer than STALL_AFTER_MS since the oldest was
// recorded, while the server answers — it answered the last sync, but not
// with the outbox taken (a 500, a refusal, a full disk). With no answer at
// all (no network, server down) the wait is the expected offline case, and
// the strip already says offline. The clock is the phone's: the strip
// passes Date.now(), which a browser test moves forward.

import type { SyncSnapshot } from "../sync";

/** How long changes may wait, while the server answers, before the strip says the outbox is stuck. */
export const STALL_AFTER_MS = 10 * 60_000;

/** Why the outbox does not drain, as the strip words it (stallKey). */
export type StallReason =
  | { kind: "serverError"; status: number; code: string }
  | { kind: "serverFull" }
  | { kind: "busy"; status: number }
  | { kind: "refused"; status: number; code: string; message: string }
  | { kind: "local"; message: string }
  | { kind: "forbidden" }
  | { kind: "upgrade" }
  | { kind: "auth" };

export interface Stall {
  /** Unsent changes. */
  pending: number;
  /** Whole minutes since the oldest of them was recorded. */
  minutes: number;
  reason: StallReason;
}

/**
 * The stall the strip shows, or null: s.pending > 0, the oldest change
 * older than STALL_AFTER_MS at now, the device on a network and the last
 * sync answered by the server without draining the outbox.
 */
export function stallOf(s: SyncSnapshot | null, now: number, network: boolean): Stall | null {
  if (!s || !network || s.pending === 0 || s.oldestPendingAt === null) return null;
  const waited = now - s.oldestPendingAt;
  if (waited <= STALL_AFTER_MS) return null;
  const reason = reasonOf(s.last);
  if (!reason) return null;
  return { pending: s.pending, minutes: Math.floor(waited / 60_000), reason };
}

function reasonOf(last: SyncSnapshot["last"]): StallReason | null {
  switch (last?.kind) {
    case "error":
      if (last.code === "insufficient_storage") return { kind: "serverFull" };
      if (last.status === 0) return { kind: "local", message: last.message };
      if (last.status === 429 || last.status === 503) return { kind: "busy", status: last.status };
      if (last.status >= 500) return { kind: "serverError", status: last.status, code: last.code };
      return { kind: "refused", status: last.status, code: last.code, message: last.message };
    case "forbidden":
    case "upgrade":
    case "auth":
      return { kind: last.kind };
    default:
      // ok (it drained; what waits was recorded since), offline (no
      // answer: the expected case), departed, or no sync yet.
      return null;
  }
}

/** The shell's message key for a stall's reason. */
export function stallKey(r: StallReason): `stall.${StallReason["kind"]}` {
  return `stall.${r.kind}`;
}
