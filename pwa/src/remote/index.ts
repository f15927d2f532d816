// Reading a team view from the server (docs/api.md "Team views") with the last
// answer as the fallback: the cached answer shows at once, the server is
// asked, and its answer replaces it and is kept for next time. Offline, the
// cached answer stays on screen with the time it was given.

import { useEffect, useState } from "preact/hooks";
import { ApiError, apiError, authedFetch, readJSON, session } from "../api";
import { syncState, useReconnects } from "../replica";
import { OfflineError } from "../sync";
import { readCached, writeCached } from "./cache";

export interface Remote<T> {
  value: T | null;
  /** When the server gave value; null while there is none. */
  at: number | null;
  /** Whether value is this visit's answer rather than a cached one. */
  fresh: boolean;
  loading: boolean;
  /** The last attempt reached no server. */
  offline: boolean;
  /** The server refused, or sent what this version cannot read. */
  error: string | null;
}

/** GETs a JSON answer. Throws OfflineError when no answer arrives, ApiError for an error answer. */
export async function getJSON(path: string): Promise<unknown> {
  const res = await authedFetch(path);
  // A body cut off midway is no answer, as when none came at all.
  const body = await (res.ok ? readJSON(res) : apiError(res)).catch((err: unknown) => {
    throw new OfflineError("answer cut off", err);
  });
  if (body instanceof ApiError) throw body;
  return body;
}

interface State<T> extends Remote<T> {
  /** The cache name the state is about, so a new period never shows the last one's answer. */
  name: string;
}

function fromCache<T>(userId: string, name: string, parse: (raw: unknown) => T | null): State<T> {
  const c = readCached(localStorage, userId, name, parse);
  return { name, value: c?.value ?? null, at: c?.at ?? null, fresh: false, loading: true, offline: false, error: null };
}

/**
 * The answer to GET path, cached as `name` (per user). parse checks the
 * answer and returns null for one it cannot read; it must be a stable
 * function. The server is asked again when the replica pulled new records
 * (scores may have moved) and when the connection comes back.
 */
export function useRemote<T>(path: string, name: string, parse: (raw: unknown) => T | null): Remote<T> {
  const userId = session.value?.user.id ?? "";
  const version = syncState.value?.dataVersion ?? 0;
  const reconnects = useReconnects();
  const [state, setState] = useState<State<T>>(() => fromCache(userId, name, parse));

  useEffect(() => {
    let live = true;
    setState((s) => (s.name === name ? { ...s, loading: true } : fromCache(userId, name, parse)));
    getJSON(path).then(
      (raw) => {
        if (!live) return;
        const value = parse(raw);
        if (value === null) {
          setState((s) => ({ ...s, loading: false, error: "malformed answer" }));
          return;
        }
        const at = Date.now();
        writeCached(localStorage, userId, name, raw, at);
        setState({ name, value, at, fresh: true, loading: false, offline: false, error: null });
      },
      (err: unknown) => {
        if (!live) return;
        const offline = err instanceof OfflineError;
        setState((s) => ({ ...s, loading: false, offline, error: offline ? null : err instanceof Error ? err.message : String(err) }));
      },
    );
    return () => {
      live = false;
    };
  }, [path, name, userId, version, reconnects]);

  // Between a period change and the effect, show the new period's cache, never the old answer.
  return state.name === name ? state : fromCache(userId, name, parse);
}
