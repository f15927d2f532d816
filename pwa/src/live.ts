// Live updates while the app is open and online: a long-poll asks the
// server whether anything this user may see changed after the replica's
// cursor (GET /api/changes), and a "yes" starts a sync. A supervisor's
// queue shows a new submission within a second, without a reload or a
// faster poll. Hidden pages and offline phones do not poll.

import { authedFetch, readJSON } from "./api";
import type { SyncEngine } from "./sync";

/** How long the server may hold one request (under api.ts's 20 s time-out). */
const WAIT_SECONDS = 15;
const RETRY_MS = 10_000;

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });

/** Waits until the page is visible again (or the watch stops). */
const visible = (signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (document.visibilityState === "visible" || signal.aborted) return resolve();
    const done = () => {
      if (document.visibilityState !== "visible" && !signal.aborted) return;
      document.removeEventListener("visibilitychange", done);
      resolve();
    };
    document.addEventListener("visibilitychange", done);
    signal.addEventListener("abort", done);
  });

/** Watches for changes until stop() is called (on sign-out). */
export function watchChanges(engine: SyncEngine): () => void {
  const ctrl = new AbortController();
  const { signal } = ctrl;
  void (async () => {
    while (!signal.aborted) {
      await visible(signal);
      if (signal.aborted) break;
      if (engine.snapshot.online === false) {
        // The engine retries with backoff; look again when it is back.
        await sleep(RETRY_MS, signal);
        continue;
      }
      let changed = false;
      try {
        const { cursor } = await engine.store.meta();
        const res = await authedFetch(`/api/changes?cursor=${encodeURIComponent(cursor)}&wait=${WAIT_SECONDS}`);
        if (res.status === 404) return; // a server without live updates: the engine's polling remains
        if (!res.ok) {
          await sleep(RETRY_MS, signal);
          continue;
        }
        changed = ((await readJSON(res)) as { changed?: unknown } | undefined)?.changed === true;
      } catch {
        await sleep(RETRY_MS, signal); // offline, or the store closed on sign-out
        continue;
      }
      if (changed && !signal.aborted) await engine.sync();
    }
  })();
  return () => ctrl.abort();
}
