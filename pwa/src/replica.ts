// The signed-in user's replica and sync engine, as signals for the screens.
// It opens the user's IndexedDB database when a session appears, starts the
// engine, and stops it (keeping the data and the outbox) on sign-out. The
// user's other tabs hear of every change it commits, and it of theirs
// (data/tabs.ts). It gives data/ what data/ needs: the engine to Records and
// linkTabs, the open records to attachRecords (data/ never imports this file).

import { batch, effect, signal } from "@preact/signals";
import { useEffect, useRef, useState } from "preact/hooks";
import { authedFetch, logout, readJSON, session, wipeDevice } from "./api";
import { attachRecords } from "./data";
import { Records } from "./data/records";
import { linkTabs } from "./data/tabs";
import { watchChanges } from "./live";
import { LocalStore, OfflineError, SyncEngine, type HttpAnswer, type RejectedEntry, type SyncSnapshot } from "./sync";

export interface Replica {
  userId: string;
  engine: SyncEngine;
  /** The records the screens show, in memory. */
  records: Records;
  /** Stops the live-update watch. */
  stopWatch: () => void;
  /** Stops telling the user's other tabs of changes, and hearing theirs. */
  unlinkTabs: () => void;
}

/** The open replica; null while signed out or while it opens. */
export const replica = signal<Replica | null>(null);
/** The engine's snapshot, re-published on every change. */
export const syncState = signal<SyncSnapshot | null>(null);
/**
 * Counts the sync engine's returns from offline to online, so that a screen
 * reads again by itself what it could not read while offline. The first
 * answer (from "not yet known") is not a return: the screen has just asked.
 */
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

/** Changes the server refused, oldest first. */
export const rejected = signal<RejectedEntry[]>([]);
/** Opening IndexedDB failed (private mode on old Safari, storage full…). */
export const replicaError = signal<string | null>(null);

async function sendSync(body: unknown): Promise<HttpAnswer> {
  const res = await authedFetch("/api/sync", { method: "POST", body: JSON.stringify(body) });
  const ra = Number(res.headers.get("Retry-After"));
  return {
    status: res.status,
    body: await readJSON(res).catch((err: unknown) => {
      throw new OfflineError("answer cut off", err);
    }),
    ...(Number.isFinite(ra) && ra > 0 ? { retryAfter: ra } : {}),
  };
}

/**
 * Asks the browser for a Background Sync when changes wait and the network
 * is gone: where it is supported (Chromium), the service worker is woken
 * when the network returns and tells the pages to sync (sw.ts).
 */
function requestBackgroundSync(): void {
  if (!("serviceWorker" in navigator)) return;
  void navigator.serviceWorker.ready
    .then((reg) => (reg as ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }).sync?.register("fieldbook-outbox"))
    .catch(() => undefined); // not supported, or refused: the app syncs when it is open
}

/** The service worker relays Background Sync to the open pages. */
function listenForWorker(): void {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.addEventListener("message", (e: MessageEvent<{ type?: string }>) => {
    if (e.data?.type === "SYNC") void replica.peek()?.engine.sync();
  });
}

/**
 * Asks the browser to keep this site's storage under pressure: the outbox
 * holds work that exists nowhere else. Chromium grants it to installed or
 * much-used sites without a prompt.
 */
function requestPersistence(): void {
  void navigator.storage?.persist?.().catch(() => undefined);
}

async function openReplica(userId: string): Promise<Replica> {
  const store = await LocalStore.open(userId);
  const engine = new SyncEngine(store, sendSync);
  // The snapshot is published at once. The rejected list is re-read only
  // when it may have changed (the engine counted another number, or an
  // answer changed the data), at most one read at a time: recording a visit
  // must not cost extra IndexedDB reads.
  let reading: Promise<void> | null = null;
  let dirty = false;
  let seen = { rejected: -1, dataVersion: -1 };
  const readRejected = async (): Promise<void> => {
    do {
      dirty = false;
      rejected.value = await store.rejected();
    } while (dirty);
  };
  const publish = (): Promise<void> => {
    const s = engine.snapshot;
    syncState.value = s;
    if (s.rejected === seen.rejected && s.dataVersion === seen.dataVersion) return reading ?? Promise.resolve();
    seen = { rejected: s.rejected, dataVersion: s.dataVersion };
    if (reading) {
      dirty = true;
      return reading;
    }
    reading = readRejected().finally(() => (reading = null));
    return reading;
  };
  let lastOnline: boolean | null = null;
  let departing = false;
  engine.subscribe(() => {
    void publish();
    const s = engine.snapshot;
    if (s.last?.kind === "departed" && !departing) {
      // The user left the team and the outbox is on the server: end the
      // session there, then delete what this device holds.
      departing = true;
      void logout().then(() => wipeDevice(userId, "departed"));
    }
    if (s.online === false && s.pending > 0 && lastOnline !== false) requestBackgroundSync();
    lastOnline = s.online;
  });
  // Linked before any collection is read, so that no other tab's change
  // falls between a first read and the link.
  const records = new Records(engine);
  const unlinkTabs = linkTabs(engine);
  await publish();
  return { userId, engine, records, stopWatch: () => undefined, unlinkTabs };
}

/**
 * Opens the replica of whoever is signed in and closes it on sign-out. A
 * sign-in of another user opens that user's own database: one user's
 * outbox is never sent under another's name.
 */
export function followSession(): void {
  let current: string | null = null;
  listenForWorker();
  effect(() => {
    const userId = session.value?.user.id ?? null;
    if (userId === current) return;
    current = userId;
    const old = replica.peek();
    if (old) {
      old.stopWatch();
      old.unlinkTabs();
      old.engine.stop();
      old.records.close();
      old.engine.store.close();
      batch(() => {
        replica.value = null;
        attachRecords(null);
      });
      syncState.value = null;
    }
    if (!userId) return;
    openReplica(userId).then(
      (r) => {
        if (current !== userId) {
          r.unlinkTabs();
          r.records.close();
          r.engine.store.close(); // signed out while it opened
          return;
        }
        replicaError.value = null;
        r.engine.start();
        r.stopWatch = watchChanges(r.engine);
        batch(() => {
          replica.value = r;
          attachRecords(r.records);
        });
        requestPersistence();
      },
      (err: unknown) => {
        replicaError.value = String(err);
      },
    );
  });
}
