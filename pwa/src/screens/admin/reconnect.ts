// Counts the sync engine's returns from offline to online, so that what
// could not be read while offline is read again without a tap. The first
// answer (from "not yet known") is not a return: the screen has just asked.

import { useEffect, useRef, useState } from "preact/hooks";
import { syncState } from "../../replica";

export function useReconnects(): number {
  const online = syncState.value?.online ?? null;
  const last = useRef(online);
  const [count, setCount] = useState(0);
  useEffect(() => {
    if (last.current === false && online === true) setCount((n) => n + 1);
    last.current = online;
  }, [online]);
  return count;
}

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
