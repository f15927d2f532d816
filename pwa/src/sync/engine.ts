// The sync loop (docs/protocol.md "One endpoint"): push the outbox in seq order, pull
// pages until `more` is false, and deal with every answer the server may give.
// No UI: screens read `snapshot` and subscribe to changes.

import { serverFull } from "../refusal";
import type { Fields } from "./merge";
import {
  echoesOf,
  MAX_CHANGES_PER_REQUEST,
  PROTOCOL_VERSION,
  PROTOCOL_VERSIONS,
  PULL_LIMIT,
  parseErrorBody,
  parseSyncResponse,
  type SyncRequest,
} from "./protocol";
import { StorageFullError, type LocalStore, type NewChange, type OutboxEntry } from "./store";

/** What the transport got back: any HTTP answer at all. */
export interface HttpAnswer {
  status: number;
  body: unknown;
  /** Seconds from a Retry-After header, if any. */
  retryAfter?: number;
}

/**
 * Sends one sync request, already authenticated (and refreshed once on
 * `token_expired`). Throws OfflineError when no HTTP answer arrived.
 */
export type Send = (req: SyncRequest) => Promise<HttpAnswer>;

/** No answer from the server: no network, server down, or a time-out. */
export class OfflineError extends Error {
  constructor(
    message = "offline",
    /** The underlying failure, for debugging. */
    readonly reason?: unknown,
  ) {
    super(message);
    this.name = "OfflineError";
  }
}

/** How a sync() ended. */
export type SyncOutcome =
  | { kind: "ok" }
  | { kind: "offline" }
  /** Signed out (the refresh token is gone or refused): log in again; the outbox is kept. */
  | { kind: "auth" }
  /** The installation's client_id belongs to another user (403). */
  | { kind: "forbidden"; message: string }
  /** The server no longer speaks this protocol: the app must update. */
  | { kind: "upgrade"; message: string }
  /** The user left the team and the outbox is sent: the device deletes its data. */
  | { kind: "departed" }
  | { kind: "error"; status: number; code: string; message: string; retryAfter?: number };

/** What the sync-status screen shows. */
export interface SyncSnapshot {
  /** null until the first exchange. A failed request counts as offline even if navigator.onLine says otherwise. */
  online: boolean | null;
  syncing: boolean;
  pending: number;
  rejected: number;
  lastSyncAt: number | null;
  last: SyncOutcome | null;
  /** When the next automatic attempt is due after a failure. */
  retryAt: number | null;
  /** Goes up whenever an answer changed the pulled records: screens re-read them. */
  dataVersion: number;
  /**
   * A first pull has brought this week's records and the review queue and is
   * still bringing the history (docs/protocol.md §5.4): the app is usable.
   */
  history: boolean;
  /**
   * When the oldest unsent change was recorded (its createdAt, the phone's
   * clock); null when the outbox is empty. The status strip tells a stalled
   * outbox from it (ui/stall.ts).
   */
  oldestPendingAt: number | null;
  /**
   * When the last attempt to record a change failed because the phone's
   * storage is full (StorageFullError); null once one succeeds again.
   */
  storageFullAt: number | null;
}

/**
 * What changed in the user's local database, once it is committed: what a
 * tab needs to bring its in-memory copy up to date (data/records.ts), and
 * what it tells the user's other tabs (data/tabs.ts).
 */
export type DataChange = (
  /** Local changes queued in the outbox, with their stamps: laid over the records as they are. */
  | { kind: "written"; entries: readonly OutboxEntry[] }
  /** Records of these collections changed (an answer pulled or settled some): read them again. */
  | { kind: "collections"; collections: readonly string[] }
  /** Anything may have changed (a reset emptied the pulled records): read everything again. */
  | { kind: "all" }
  /** Only the counts changed (a rejected change forgotten). */
  | { kind: "status" }
) & {
  /** Set when another tab of this user made the change: it is not passed on again. */
  elsewhere?: boolean;
};

export interface EngineOptions {
  /** Delay between a local change and the sync it triggers. */
  debounceMs?: number;
  /** Pull this often while the page is visible. */
  pollMs?: number;
  /** First and largest delay between attempts after a failure. */
  backoffMinMs?: number;
  backoffMaxMs?: number;
}

const DEFAULTS: Required<EngineOptions> = {
  debounceMs: 1500,
  pollMs: 5 * 60_000,
  backoffMinMs: 2_000,
  backoffMaxMs: 5 * 60_000,
};

// Bounds that turn a misbehaving server into an error instead of a loop.
const MAX_EXCHANGES = 10_000;
const MAX_RESETS = 3;
const MAX_GAPS = 3;
// The server's body limit is 1 MiB; leave room for the envelope.
const MAX_BODY_BYTES = 1_000_000;

export class SyncEngine {
  private readonly opts: Required<EngineOptions>;
  private readonly listeners = new Set<() => void>();
  private readonly dataListeners = new Set<(change: DataChange) => void>();
  private state: SyncSnapshot = {
    online: null,
    syncing: false,
    pending: 0,
    rejected: 0,
    lastSyncAt: null,
    last: null,
    retryAt: null,
    dataVersion: 0,
    history: false,
    oldestPendingAt: null,
    storageFullAt: null,
  };
  private running: Promise<SyncOutcome> | null = null;
  private again = false;
  private failures = 0;
  /** The protocol version spoken: the newest, until a server speaks only an older one. */
  private protocol = PROTOCOL_VERSION;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private poller: ReturnType<typeof setInterval> | undefined;
  private stopped = true;
  private readonly onOnline = () => this.syncSoon(0);
  private readonly onOffline = () => this.set({ online: false });
  private readonly onVisible = () => {
    if (document.visibilityState === "visible") this.syncSoon(0);
  };

  constructor(
    readonly store: LocalStore,
    private readonly send: Send,
    opts: EngineOptions = {},
  ) {
    this.opts = { ...DEFAULTS, ...opts };
  }

  get snapshot(): SyncSnapshot {
    return this.state;
  }

  /** Calls fn after every change of the snapshot or of the local data. */
  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /**
   * Calls fn after every committed change of the local data, with what
   * changed, whether this tab or (through noteElsewhere) another made it.
   */
  onData(fn: (change: DataChange) => void): () => void {
    this.dataListeners.add(fn);
    return () => this.dataListeners.delete(fn);
  }

  /** Publishes a committed change; one that the records' lists must re-read counts as new data. */
  private changed(change: DataChange): void {
    if (change.kind === "collections" || change.kind === "all") this.set({ dataVersion: this.state.dataVersion + 1 });
    for (const fn of this.dataListeners) fn(change);
  }

  /**
   * Another tab of this user changed the database (its write or its sync
   * committed): re-read the counts and tell the listeners, as for a change
   * made here. Nothing is sent: that tab syncs its own changes.
   */
  async noteElsewhere(change: DataChange): Promise<void> {
    this.changed({ ...change, elsewhere: true });
    await this.refresh();
  }

  private set(patch: Partial<SyncSnapshot>): void {
    this.state = { ...this.state, ...patch };
    for (const fn of this.listeners) fn();
  }

  /** Re-reads the counts the snapshot shows from the store. */
  async refresh(): Promise<void> {
    const [pending, rejected, meta, oldest] = await Promise.all([
      this.store.outboxCount(),
      this.store.rejected(),
      this.store.meta(),
      this.store.outboxBatch(1),
    ]);
    this.set({ pending, rejected: rejected.length, lastSyncAt: meta.lastSyncAt, oldestPendingAt: oldest[0]?.createdAt ?? null });
  }

  /** Starts automatic syncing: now, when the network returns, when the page is shown, and periodically. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    window.addEventListener("online", this.onOnline);
    window.addEventListener("offline", this.onOffline);
    document.addEventListener("visibilitychange", this.onVisible);
    this.poller = setInterval(() => {
      if (document.visibilityState === "visible" && this.timer === undefined) this.syncSoon(0);
    }, this.opts.pollMs);
    void this.refresh();
    this.syncSoon(0);
  }

  /** Stops automatic syncing (on sign-out). A sync in flight finishes. */
  stop(): void {
    this.stopped = true;
    window.removeEventListener("online", this.onOnline);
    window.removeEventListener("offline", this.onOffline);
    document.removeEventListener("visibilitychange", this.onVisible);
    clearInterval(this.poller);
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Schedules a sync after `delayMs`, replacing any earlier schedule (a debounce). */
  syncSoon(delayMs = this.opts.debounceMs): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.sync();
    }, delayMs);
  }

  /** Records a change locally and syncs shortly after. */
  async record(collection: string, id: string, fields: Fields): Promise<OutboxEntry> {
    const [entry] = await this.recordAll([{ collection, id, fields }]);
    return entry!;
  }

  /**
   * Records changes atomically in one IndexedDB transaction (which also
   * counts the outbox) and syncs shortly after.
   */
  async recordAll(changes: readonly NewChange[]): Promise<OutboxEntry[]> {
    let added: Awaited<ReturnType<LocalStore["addChanges"]>>;
    try {
      added = await this.store.addChanges(changes);
    } catch (err) {
      // Nothing was written: the screens say so (the status strip, the form).
      if (err instanceof StorageFullError) this.set({ storageFullAt: Date.now() });
      throw err;
    }
    const { entries, pending } = added;
    this.set({ pending, oldestPendingAt: this.state.oldestPendingAt ?? entries[0]?.createdAt ?? null, storageFullAt: null });
    this.changed({ kind: "written", entries });
    this.syncSoon();
    return entries;
  }

  /** Forgets a rejected change. */
  async discardRejected(key: number): Promise<void> {
    await this.store.discardRejected(key);
    this.changed({ kind: "status" });
    await this.refresh();
  }

  /** Queues a rejected change again (with fixed fields if given): new seq, new stamp. */
  async resendRejected(key: number, fixedFields?: Fields): Promise<void> {
    const entry = await this.store.resendRejected(key, fixedFields);
    this.changed(entry ? { kind: "written", entries: [entry] } : { kind: "status" });
    await this.refresh();
    this.syncSoon(0);
  }

  /**
   * Runs one sync now. Calls made while one runs wait for it and then run
   * another round, so a change made meanwhile is not left behind.
   */
  sync(): Promise<SyncOutcome> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    this.running = (async () => {
      this.set({ syncing: true });
      let outcome: SyncOutcome;
      try {
        do {
          this.again = false;
          outcome = await this.exclusive(() => this.exchangeAll());
        } while (this.again && outcome.kind === "ok");
      } catch (err) {
        // A store failure or a malformed answer: nothing was half-written
        // (each answer is one transaction); report it and try again later.
        outcome = { kind: "error", status: 0, code: "client", message: String(err) };
      }
      this.running = null;
      await this.refresh().catch(() => undefined);
      this.finish(outcome);
      return outcome;
    })();
    return this.running;
  }

  /** Runs fn while holding a lock shared by every tab of this user: one tab syncs at a time. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const locks = typeof navigator !== "undefined" ? navigator.locks : undefined;
    if (!locks) return fn(); // Safari < 15.4: seq order still holds within a tab
    return locks.request(`${this.store.name}-sync`, fn) as Promise<T>;
  }

  private finish(outcome: SyncOutcome): void {
    const online = outcome.kind !== "offline";
    const transient = outcome.kind === "offline" || (outcome.kind === "error" && retryable(outcome.status));
    let retryAt: number | null = null;
    if (outcome.kind === "ok") {
      this.failures = 0;
    } else if (transient && !this.stopped) {
      // Exponential backoff with jitter, so a fleet of phones coming back
      // online together does not hammer the server in step.
      const base = Math.min(this.opts.backoffMaxMs, this.opts.backoffMinMs * 2 ** this.failures);
      const asked = outcome.kind === "error" ? (outcome.retryAfter ?? 0) * 1000 : 0;
      const delay = Math.max(asked, Math.round(base * (0.5 + Math.random() / 2)));
      this.failures++;
      retryAt = Date.now() + delay;
      this.syncSoon(delay);
    }
    this.set({ syncing: false, online, last: outcome, retryAt });
  }

  /** Exchanges until nothing is left to send or pull. */
  private async exchangeAll(): Promise<SyncOutcome> {
    // The collections that pages of history changed: the screens read them
    // again once, when the history is in (or the sync stops), rather than
    // after every page of a pull of 100,000 records.
    const deferred = new Set<string>();
    try {
      return await this.exchangeLoop(deferred);
    } finally {
      if (deferred.size > 0) this.changed({ kind: "collections", collections: [...deferred].sort() });
    }
  }

  private async exchangeLoop(deferred: Set<string>): Promise<SyncOutcome> {
    let resets = 0;
    let gaps = 0;
    let batchLimit = MAX_CHANGES_PER_REQUEST;
    // A pull from the beginning leaves the performance marks "first-pull-usable"
    // (this week and the review queue are in) and "first-pull-done" (BENCHMARKS.md).
    let firstPull = false;
    // Set once the server said it has no room for writes (507): the rest
    // of this sync pulls without sending, and the sync ends with that
    // answer, so that the outbox is sent again later.
    let full: SyncOutcome | null = null;
    for (let n = 0; n < MAX_EXCHANGES; n++) {
      const meta = await this.store.meta();
      if (n === 0) firstPull = meta.cursor === "";
      const batch = full ? [] : await this.store.outboxBatch(batchLimit);
      const req: SyncRequest = {
        protocol: this.protocol,
        client_id: meta.clientId,
        cursor: meta.cursor,
        changes: batch.map(({ seq, collection, id, hlc, fields }) => ({ seq, collection, id, hlc, fields })),
        limit: PULL_LIMIT,
      };
      // The server refuses a body over 1 MiB from its length and closes the
      // connection, which a browser reports as a network failure: keep each
      // body under the limit instead of learning it from a 413.
      if (batch[0] && new TextEncoder().encode(JSON.stringify(req)).length > MAX_BODY_BYTES) {
        if (batch.length > 1) {
          batchLimit = Math.max(1, Math.floor(batch.length / 2));
          continue;
        }
        // One change too big for any request: sending it would only fail
        // as "offline" forever, so the user gets it back with the reason.
        await this.store.rejectLocally(batch[0].seq, "too_large", "This change is too large to send.");
        this.changed({ kind: "collections", collections: [batch[0].collection] });
        await this.refresh();
        continue;
      }
      const sentAt = Date.now();
      let answer: HttpAnswer;
      try {
        answer = await this.send(req);
      } catch (err) {
        if (err instanceof OfflineError) return { kind: "offline" };
        throw err;
      }
      const receivedAt = Date.now();
      this.set({ online: true }); // any HTTP answer at all

      if (answer.status === 200) {
        const res = parseSyncResponse(answer.body);
        if (req.protocol >= 2 && !res.reset) res.records = [...echoesOf(req.changes, res.results), ...res.records];
        const out = await this.store.applyResponse(batch, res, Math.round((sentAt + receivedAt) / 2));
        const settled = out.applied + out.rejected + out.restamped > 0;
        // This page's records are history when the answer before it said so.
        const history = this.state.history && res.more && !res.reset;
        if (out.reset || out.requeued > 0) {
          deferred.clear();
          this.changed({ kind: "all" });
        } else if (out.pulled > 0 || settled) {
          // The pulled records, and the records whose changes left the
          // outbox (no longer pending, or taken back by a rejection).
          const names = history && !settled ? deferred : new Set(deferred);
          for (const r of res.records) names.add(r.collection);
          if (settled) for (const e of batch) names.add(e.collection);
          if (names !== deferred) {
            deferred.clear();
            this.changed({ kind: "collections", collections: [...names].sort() });
          }
        }
        if (this.state.history !== (res.phase === "history")) {
          this.set({ history: res.phase === "history" });
          if (firstPull && res.phase === "history") mark("first-pull-usable");
        }
        await this.refresh();
        if (res.reset_reason === "departed") {
          // The user left: send what is left; only an empty outbox lets the
          // device delete its data.
          if ((await this.store.outboxCount()) > 0) continue;
          return { kind: "departed" };
        }
        if (res.reset && ++resets > MAX_RESETS) {
          return { kind: "error", status: 200, code: "reset_loop", message: "server keeps resetting" };
        }
        if (res.more || res.reset || out.restamped > 0) continue;
        const progress = out.applied + out.rejected > 0;
        if (progress && (await this.store.outboxCount()) > 0) continue;
        if (firstPull) {
          if (performance.getEntriesByName("first-pull-usable").length === 0) mark("first-pull-usable");
          mark("first-pull-done");
        }
        return full ?? { kind: "ok" };
      }

      const err = parseErrorBody(answer.body);
      const code = err?.error.code ?? "";
      const message = err?.error.message ?? "";
      if (serverFull(answer) && batch.length > 0 && !full) {
        // Nothing sent was written: the outbox stays; pull meanwhile.
        full = { kind: "error", status: answer.status, code: "insufficient_storage", message, ...(answer.retryAfter !== undefined ? { retryAfter: answer.retryAfter } : {}) };
        continue;
      }
      switch (answer.status) {
        case 409:
          if (code === "seq_gap" && typeof err?.last_seq === "number" && ++gaps <= MAX_GAPS) {
            // The server lost changes this client no longer holds (a
            // restore): renumber what is unsent from last_seq + 1.
            await this.store.renumberFrom(err.last_seq + 1);
            continue;
          }
          break;
        case 413:
          if (batch.length > 1) {
            batchLimit = Math.max(1, Math.floor(batch.length / 2));
            continue;
          }
          if (batch[0]) {
            // One change is too big for any request: it can never be sent,
            // so the user gets it back with the reason instead.
            await this.store.rejectLocally(batch[0].seq, "too_large", message);
            this.changed({ kind: "collections", collections: [batch[0].collection] });
            await this.refresh();
            continue;
          }
          break;
        case 401:
          return { kind: "auth" };
        case 403:
          return { kind: "forbidden", message };
        case 426: {
          // A server that speaks only an older version (a node not yet
          // upgraded) is answered in it; one that speaks none of ours needs
          // a new app.
          const older = PROTOCOL_VERSIONS.find((v) => v < this.protocol && err?.versions?.includes(v));
          if (older !== undefined) {
            this.protocol = older;
            continue;
          }
          return { kind: "upgrade", message };
        }
      }
      return {
        kind: "error",
        status: answer.status,
        code,
        message,
        ...(answer.retryAfter !== undefined ? { retryAfter: answer.retryAfter } : {}),
      };
    }
    return { kind: "error", status: 0, code: "loop", message: "too many exchanges in one sync" };
  }
}

/** Leaves a performance mark, where the platform keeps them. */
function mark(name: string): void {
  if (typeof performance !== "undefined" && typeof performance.mark === "function") performance.mark(name);
}

/** Whether an error answer is worth retrying by itself later (507, a full disk, is: space returns). */
function retryable(status: number): boolean {
  return status === 0 || status === 408 || status === 429 || status >= 500;
}
