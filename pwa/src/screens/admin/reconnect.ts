// Reading again what could not be read: the admin screens try every
// RETRY_MS while the server is unreachable, and at once when the connection
// comes back (useReconnects, in replica.ts).

import { useEffect } from "preact/hooks";
import { syncState } from "../../replica";

/** How often a screen that could not reach the server tries again by itself. */
export const RETRY_MS = 15_000;

/**
 * Calls retry every RETRY_MS while waiting is true: a server that answered
 * "unavailable" is not noticed coming back by the sync engine's offline →
 * online change.
 */
export function useRetryWhile(waiting: boolean, retry: () => void): void {
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(retry, RETRY_MS);
    return () => clearInterval(timer);
  }, [waiting]);
}

/** Whether the sync engine last found the server unreachable. */
export function knownOffline(): boolean {
  return syncState.value?.online === false;
}
