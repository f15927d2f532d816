// The local replica in IndexedDB: the server's records as last pulled, the
// outbox of changes not yet acknowledged, the changes the server rejected,
// the edits of this phone another device overwrote (lost.ts), and the sync
// state (client id, next seq, cursor, clock).
//
// One database per signed-in user: an outbox is only ever sent by the user
// who made it (docs/protocol.md "Auth"), and a client_id belongs to the first user
// who sends with it, so a second user on the same phone gets their own.
//
// Every step that must be atomic is one IndexedDB transaction: taking a seq
// and a stamp; storing a pulled page with its cursor and the results of the
// changes it answered; renumbering. Transactions also serialise the tabs.

import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction } from "idb";
import { HybridClock, initialClock, parseStamp, type ClockState } from "./hlc";
import { findLost, ownWrites, type LostEdit } from "./lost";
import { changeAsVersioned, erased, hasField, isDeleted, mergeRecords, type Fields, type Versioned } from "./merge";
import { ownedChanges } from "./owned";
import type { Change, PulledRecord, ResetReason, SyncResponse } from "./protocol";
import { newUUID } from "./uuid";

/** The sync state kept beside the data. */
export interface Meta {
  /** Stable per installation and user; the HLC node id. */
  clientId: string;
  /** The seq the next change will take. */
  nextSeq: number;
  /** What the last answer returned; "" before the first pull. */
  cursor: string;
  /** When the last exchange with the server succeeded (ms since epoch). */
  lastSyncAt: number | null;
  clock: ClockState;
}

/** A change a screen makes: what to write, before it has a seq and a stamp. */
export interface NewChange {
  collection: string;
  id: string;
  fields: Fields;
}

/** A change waiting in the outbox. */
export interface OutboxEntry extends Change {
  createdAt: number;
  /** Re-stamped once after a clock_skew rejection; a second one is kept as rejected. */
  restamped?: boolean;
}

/** A change the server (or the client, for one too big to send) refused. */
export interface RejectedEntry {
  key?: number;
  change: Change;
  code: string;
  message: string;
  rejectedAt: number;
}

/** A record as the app sees it: the pulled state with unsent changes laid over it. */
export interface LocalRecord extends Versioned {
  collection: string;
  id: string;
  /** Whether some of its fields come from the outbox. */
  pending: boolean;
}

/** What applying one answer did. */
export interface ApplyOutcome {
  applied: number;
  rejected: number;
  /** Changes rejected for clock_skew and queued again with a corrected stamp. */
  restamped: number;
  /** Sent changes the answer had no result for; they stay in the outbox. */
  unanswered: number;
  pulled: number;
  reset: ResetReason | null;
  /** Changes queued again after a `restored` reset. */
  requeued: number;
  /** Fields this phone wrote that the pull showed overwritten from elsewhere (kept, see lostEdits). */
  lost: number;
}

interface Schema extends DBSchema {
  records: { key: [string, string]; value: PulledRecord; indexes: { collection: string } };
  outbox: { key: number; value: OutboxEntry; indexes: { record: [string, string] } };
  rejected: { key: number; value: RejectedEntry };
  meta: { key: string; value: Meta };
  /** One per field: a later loss of the same field replaces the notice. */
  lost: { key: [string, string, string]; value: LostEdit };
}

type Store = "records" | "outbox" | "rejected" | "meta" | "lost";
type WriteTx<S extends Store[]> = IDBPTransaction<Schema, S, "readwrite">;

const DB_VERSION = 2;
/** Pulled records read and written together while an answer is stored (see applyIn). */
const APPLY_SLICE = 25;
const META_KEY = "meta";
const ALL_STORES: Store[] = ["records", "outbox", "rejected", "meta", "lost"];

/** The database name for one user. */
export function databaseName(userId: string): string {
  return `fieldbook-${userId}`;
}

/**
 * A change could not be recorded because the phone's storage for the app
 * is full (IndexedDB's QuotaExceededError): nothing of it was written.
 */
export class StorageFullError extends Error {
  readonly code = "storage_full";
  constructor(
    message = "the phone's storage for the app is full",
    /** The browser's own error. */
    readonly reason?: unknown,
  ) {
    super(message);
    this.name = "StorageFullError";
  }
}

/** Whether err is the browser saying there is no room left (on the request, or on the transaction it aborted). */
export function isQuotaError(err: unknown): boolean {
  if (err instanceof StorageFullError) return true;
  if (typeof err !== "object" || err === null) return false;
  const { name, message } = err as { name?: unknown; message?: unknown };
  return name === "QuotaExceededError" || (name === "AbortError" && typeof message === "string" && /quota/i.test(message));
}

export class LocalStore {
  private constructor(
    private readonly db: IDBPDatabase<Schema>,
    readonly name: string,
    private readonly now: () => number,
  ) {}

  /** Opens (creating if needed) the replica of one user. */
  static async open(userId: string, now: () => number = Date.now): Promise<LocalStore> {
    const name = databaseName(userId);
    const db = await openDB<Schema>(name, DB_VERSION, {
      upgrade(db, oldVersion) {
        // Later versions add steps here; never drop the outbox or rejected.
        if (oldVersion < 1) {
          const records = db.createObjectStore("records", { keyPath: ["collection", "id"] });
          records.createIndex("collection", "collection");
          const outbox = db.createObjectStore("outbox", { keyPath: "seq" });
          outbox.createIndex("record", ["collection", "id"]);
          db.createObjectStore("rejected", { keyPath: "key", autoIncrement: true });
          db.createObjectStore("meta");
        }
        if (oldVersion < 2) db.createObjectStore("lost", { keyPath: ["collection", "id", "field"] });
      },
      blocking() {
        // A newer version of the app wants to upgrade the schema: let it.
        // This tab is about to be reloaded by the update anyway.
        db.close();
      },
    });
    const tx = db.transaction("meta", "readwrite");
    if (!(await tx.store.get(META_KEY))) {
      const meta: Meta = { clientId: newUUID(), nextSeq: 1, cursor: "", lastSyncAt: null, clock: initialClock() };
      await tx.store.put(meta, META_KEY);
    }
    await tx.done;
    return new LocalStore(db, name, now);
  }

  close(): void {
    this.db.close();
  }

  async meta(): Promise<Meta> {
    const m = await this.db.get("meta", META_KEY);
    if (!m) throw new Error("store: meta missing");
    return m;
  }

  private static async metaIn(tx: WriteTx<Store[]>): Promise<Meta> {
    const m = await tx.objectStore("meta").get(META_KEY);
    if (!m) throw new Error("store: meta missing");
    return m;
  }

  /**
   * Queues a change: takes the next seq and a fresh stamp in the same
   * transaction, so two tabs never share either.
   */
  async addChange(collection: string, id: string, fields: Fields): Promise<OutboxEntry> {
    const { entries } = await this.addChanges([{ collection, id, fields }]);
    return entries[0]!;
  }

  /**
   * Queues several changes atomically (a prospect and the activity that
   * counts it; a customer file and the prospect it came from) and counts the
   * outbox, all in one transaction: recording touches IndexedDB once.
   */
  async addChanges(changes: readonly NewChange[]): Promise<{ entries: OutboxEntry[]; pending: number }> {
    const tx = this.db.transaction(["outbox", "meta"], "readwrite");
    try {
      return await atomically(tx, async () => {
        const entries: OutboxEntry[] = [];
        for (const c of changes) entries.push(await this.queue(tx, c.collection, c.id, c.fields));
        const pending = await tx.objectStore("outbox").count();
        return { entries, pending };
      });
    } catch (err) {
      // Out of space: the transaction is undone; say so by its own type.
      if (isQuotaError(err)) throw err instanceof StorageFullError ? err : new StorageFullError(undefined, err);
      throw err;
    }
  }

  private async queue(tx: WriteTx<Store[]>, collection: string, id: string, fields: Fields): Promise<OutboxEntry> {
    const meta = await LocalStore.metaIn(tx);
    const clock = new HybridClock(meta.clientId, meta.clock, this.now);
    const entry: OutboxEntry = {
      seq: meta.nextSeq,
      collection,
      id,
      hlc: clock.tick(),
      fields,
      createdAt: this.now(),
    };
    await tx.objectStore("outbox").add(entry);
    await tx.objectStore("meta").put({ ...meta, nextSeq: meta.nextSeq + 1, clock: clock.state }, META_KEY);
    return entry;
  }

  /** The oldest unsent changes, in seq order. */
  outboxBatch(limit: number): Promise<OutboxEntry[]> {
    return this.db.getAll("outbox", undefined, limit);
  }

  /** Every unsent change, in seq order: what "save unsent changes to a file" writes (outboxFile.ts). */
  outboxAll(): Promise<OutboxEntry[]> {
    return this.db.getAll("outbox");
  }

  outboxCount(): Promise<number> {
    return this.db.count("outbox");
  }

  /**
   * Stores one answer: the results of the changes it answered, then the
   * pulled page and its cursor — or, on a reset, an emptied copy of the
   * server's data and the cursor "" — all in one transaction, so a crash
   * leaves either the old state or the new one.
   *
   * `localTime` is the device's time when the server read its clock
   * (about the middle of the exchange); it is used after clock_skew.
   */
  async applyResponse(sent: readonly OutboxEntry[], res: SyncResponse, localTime: number): Promise<ApplyOutcome> {
    const tx = this.db.transaction(ALL_STORES, "readwrite");
    return atomically(tx, () => this.applyIn(tx, sent, res, localTime));
  }

  private async applyIn(tx: WriteTx<Store[]>, sent: readonly OutboxEntry[], res: SyncResponse, localTime: number): Promise<ApplyOutcome> {
    const outbox = tx.objectStore("outbox");
    const records = tx.objectStore("records");
    const meta = await LocalStore.metaIn(tx);
    const clock = new HybridClock(meta.clientId, meta.clock, this.now);
    const out: ApplyOutcome = {
      applied: 0,
      rejected: 0,
      restamped: 0,
      unanswered: 0,
      pulled: 0,
      reset: null,
      requeued: 0,
      lost: 0,
    };

    const sentBySeq = new Map(sent.map((e) => [e.seq, e]));
    const answered = new Set<number>();
    const skewed: OutboxEntry[] = [];
    // The changes the server took, by record: what this phone last sent may
    // be lost to a newer write the same answer pulls.
    const took = new Map<string, OutboxEntry[]>();
    for (const r of res.results) {
      const entry = sentBySeq.get(r.seq);
      // Only results for what this request sent, and only while the entry is
      // still the one sent (a renumbering could have reused the seq).
      const current = entry && (await outbox.get(r.seq));
      if (!entry || !current || current.hlc !== entry.hlc || current.id !== entry.id) continue;
      answered.add(r.seq);
      if (r.status === "applied" || r.status === "duplicate") {
        await outbox.delete(r.seq);
        out.applied++;
        const k = recordKey(current.collection, current.id);
        took.set(k, [...(took.get(k) ?? []), current]);
      } else if (r.code === "clock_skew" && !current.restamped) {
        await outbox.delete(r.seq);
        skewed.push(current);
      } else {
        await outbox.delete(r.seq);
        await tx.objectStore("rejected").add({
          change: toChange(current),
          code: r.code ?? "unknown",
          message: r.message ?? "",
          rejectedAt: localTime,
        });
        out.rejected++;
      }
    }
    out.unanswered = sent.length - answered.size;

    let nextSeq = meta.nextSeq;
    let cursor: string;
    if (res.reset) {
      out.reset = res.reset_reason ?? "cursor";
      if (res.reset_reason === "restored") {
        // The server may have lost changes it acknowledged: send again every
        // field this installation wrote, with the stamps it holds (merging
        // makes that safe). Before clearing: these values live in `records`.
        for (const change of ownedChanges(await records.getAll(), meta.clientId)) {
          await outbox.add({ ...change, seq: nextSeq++, createdAt: localTime });
          out.requeued++;
        }
      }
      // The answer's own records are dropped too: pulling again from "" is
      // correct whether or not the server already started over. The lost
      // edits go with them: what this user may see is pulled anew.
      await records.clear();
      await tx.objectStore("lost").clear();
      cursor = "";
    } else {
      // The page's records are read and written in slices: a slice's reads
      // at once, then its writes at once (IndexedDB keeps a transaction's
      // requests in order), waiting for the slice's last write before the
      // next. Waiting for a read and a write in turn per record makes a
      // thousand tasks of a page; one slice for the page would make one
      // task of all its writes (each clones its record on the main
      // thread); slices keep each task short. A record twice in one page
      // (an echo of a change and a pull of it) merges into its first merge.
      const keyOf = (rec: PulledRecord) => recordKey(rec.collection, rec.id);
      const stored = new Map<string, Versioned>();
      // Lost edits hold a person's data too: none may outlive an erasure.
      const anyLost = (await tx.objectStore("lost").count()) > 0;
      for (let from = 0; from < res.records.length; from += APPLY_SLICE) {
        const slice = res.records.slice(from, from + APPLY_SLICE);
        const unseen = slice.filter((rec, i) => !stored.has(keyOf(rec)) && slice.findIndex((r) => keyOf(r) === keyOf(rec)) === i);
        const existing = await Promise.all(unseen.map((rec) => records.get([rec.collection, rec.id])));
        unseen.forEach((rec, i) => stored.set(keyOf(rec), existing[i] ?? { fields: {}, stamps: {} }));
        const writes: Promise<unknown>[] = [];
        for (const rec of slice) {
          const k = keyOf(rec);
          // Merging even into nothing keeps only own, stamped fields in one order.
          const before = stored.get(k)!;
          const merged = mergeRecords(before, rec);
          if (anyLost) writes.push(dropErased(tx, rec.collection, rec.id, merged));
          const own = ownWrites(before, took.get(k) ?? [], meta.clientId);
          for (const l of findLost(rec.collection, rec.id, own, merged, meta.clientId)) writes.push(keepLost(tx, l).then((kept) => void (out.lost += kept ? 1 : 0)));
          // A deleted record's data is not kept: an erased person's fields
          // arrive as nulls, and no older value may linger in IndexedDB.
          const kept = isDeleted(merged) ? erased(merged) : merged;
          stored.set(k, kept);
          writes.push(records.put({ collection: rec.collection, id: rec.id, ...kept }));
          for (const s of Object.values(rec.stamps)) clock.observe(s);
          out.pulled++;
        }
        await Promise.all(writes);
      }
      cursor = res.cursor;
    }

    if (skewed.length > 0) {
      // Changes still queued keep their stamps if the server will take them.
      const limit = res.server_time + 5 * 60_000;
      const keep = (await outbox.getAll()).map((e) => e.hlc).filter((h) => (parseStamp(h)?.wall ?? 0) <= limit);
      clock.correct(res.server_time, localTime, keep);
      for (const e of skewed.sort((a, b) => a.seq - b.seq)) {
        await outbox.add({ ...e, seq: nextSeq++, hlc: clock.tick(), restamped: true });
        out.restamped++;
      }
    }

    await tx.objectStore("meta").put({ ...meta, nextSeq, cursor, lastSyncAt: localTime, clock: clock.state }, META_KEY);
    return out;
  }

  /**
   * Renumbers the outbox from `first` after a seq_gap: the server lost
   * changes this client no longer holds (a restore), so the unsent ones take
   * the numbers that follow the server's last_seq. Returns false when the
   * outbox already starts at or before `first`, where renumbering cannot help.
   */
  async renumberFrom(first: number): Promise<boolean> {
    const tx = this.db.transaction(["outbox", "meta"], "readwrite");
    const outbox = tx.objectStore("outbox");
    const all = await outbox.getAll();
    const meta = await LocalStore.metaIn(tx);
    if (all.length === 0 || all[0]!.seq <= first) {
      await tx.done;
      return false;
    }
    // Ascending, and every new number is below the old one, so a put never
    // lands on an entry not yet moved.
    for (const [i, e] of all.entries()) {
      await outbox.delete(e.seq);
      await outbox.add({ ...e, seq: first + i });
    }
    await tx.objectStore("meta").put({ ...meta, nextSeq: first + all.length }, META_KEY);
    await tx.done;
    return true;
  }

  /**
   * Moves an unsent change to the rejected list without the server's word:
   * for a single change too big for any request (413).
   */
  async rejectLocally(seq: number, code: string, message: string): Promise<void> {
    const tx = this.db.transaction(["outbox", "rejected"], "readwrite");
    const e = await tx.objectStore("outbox").get(seq);
    if (e) {
      await tx.objectStore("outbox").delete(seq);
      await tx.objectStore("rejected").add({ change: toChange(e), code, message, rejectedAt: this.now() });
    }
    await tx.done;
  }

  /** The edits of one record this phone made and another device overwrote, by field. */
  lostEdits(collection: string, id: string): Promise<LostEdit[]> {
    return this.db.getAll("lost", lostRange(collection, id));
  }

  /** Forgets a lost edit: shown to the agent, or written again. */
  forgetLost(collection: string, id: string, field: string): Promise<void> {
    return this.db.delete("lost", [collection, id, field]);
  }

  /** The rejected changes, oldest first. */
  rejected(): Promise<RejectedEntry[]> {
    return this.db.getAll("rejected");
  }

  /** Forgets a rejected change: the user has read the reason and let it go. */
  discardRejected(key: number): Promise<void> {
    return this.db.delete("rejected", key);
  }

  /**
   * Queues a rejected change again, with `fields` if given (the user's fix)
   * or else as it was, under a new seq and a new stamp.
   */
  async resendRejected(key: number, fields?: Fields): Promise<OutboxEntry | null> {
    const tx = this.db.transaction(["rejected", "outbox", "meta"], "readwrite");
    return atomically(tx, async () => {
      const r = await tx.objectStore("rejected").get(key);
      if (!r) return null;
      await tx.objectStore("rejected").delete(key);
      return this.queue(tx, r.change.collection, r.change.id, fields ?? r.change.fields);
    });
  }

  /** One record as the app sees it, or null if it is unknown here. */
  async read(collection: string, id: string): Promise<LocalRecord | null> {
    const tx = this.db.transaction(["records", "outbox"]);
    const base = await tx.objectStore("records").get([collection, id]);
    const pending = await tx.objectStore("outbox").index("record").getAll([collection, id]);
    await tx.done;
    if (!base && pending.length === 0) return null;
    return overlay(collection, id, base, pending);
  }

  /** Every record of a collection as the app sees it, deleted ones left out. */
  async list(collection: string): Promise<LocalRecord[]> {
    const tx = this.db.transaction(["records", "outbox"]);
    const base = await tx.objectStore("records").index("collection").getAll(collection);
    const pending = await tx.objectStore("outbox").getAll();
    await tx.done;
    const byId = new Map<string, { base?: PulledRecord; pending: OutboxEntry[] }>();
    for (const r of base) byId.set(r.id, { base: r, pending: [] });
    for (const e of pending) {
      if (e.collection !== collection) continue;
      const slot = byId.get(e.id) ?? { pending: [] };
      slot.pending.push(e);
      byId.set(e.id, slot);
    }
    return [...byId.entries()]
      .map(([id, s]) => overlay(collection, id, s.base, s.pending))
      .filter((r) => !isDeleted(r))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /**
   * How many records each collection holds here (pulled ones and ones only
   * in the outbox), sorted by collection name.
   */
  async countsByCollection(): Promise<[string, number][]> {
    const tx = this.db.transaction(["records", "outbox"]);
    const keys = await tx.objectStore("records").getAllKeys();
    const pending = await tx.objectStore("outbox").getAll();
    await tx.done;
    const ids = new Map<string, Set<string>>();
    const add = (c: string, id: string) => {
      const set = ids.get(c) ?? new Set<string>();
      set.add(id);
      ids.set(c, set);
    };
    for (const [c, id] of keys) add(c, id);
    for (const e of pending) add(e.collection, e.id);
    return [...ids.entries()].map(([c, s]): [string, number] => [c, s.size]).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  }
}

/**
 * Runs `work` in the readwrite transaction `tx` and commits it, or aborts it
 * if `work` throws. A transaction commits by itself once no request is
 * pending, so an exception thrown between two requests (a value that cannot
 * be cloned, a stamp out of range) would otherwise commit the half done.
 */
async function atomically<T>(tx: WriteTx<Store[]>, work: () => Promise<T>): Promise<T> {
  try {
    const out = await work();
    await tx.done;
    return out;
  } catch (err) {
    try {
      tx.abort();
    } catch {
      // Already committed or aborted: nothing more to undo.
    }
    tx.done.catch(() => undefined); // the abort's own rejection: err says why
    throw err;
  }
}

/**
 * Keeps a lost edit, unless the outbox still holds a value for the field:
 * that one is judged when the server takes it. Whether it was kept.
 */
async function keepLost(tx: WriteTx<Store[]>, l: LostEdit): Promise<boolean> {
  const queued = await tx.objectStore("outbox").index("record").getAll([l.collection, l.id]);
  if (queued.some((e) => hasField(e.fields, l.field))) return false;
  await tx.objectStore("lost").put(l);
  return true;
}

/** The keys of one record's lost edits. */
function lostRange(collection: string, id: string): IDBKeyRange {
  return IDBKeyRange.bound([collection, id], [collection, id, []]);
}

/**
 * Forgets the lost edits of a record that is now deleted, and of each field
 * the server itself has since written (an erasure of the texts that name
 * a person): the value must not stay on the phone.
 */
async function dropErased(tx: WriteTx<Store[]>, collection: string, id: string, merged: Versioned): Promise<void> {
  const store = tx.objectStore("lost");
  const range = lostRange(collection, id);
  if (isDeleted(merged)) {
    await store.delete(range);
    return;
  }
  for (const l of await store.getAll(range)) {
    if (parseStamp(merged.stamps[l.field] ?? "")?.node === "server") await store.delete([l.collection, l.id, l.field]);
  }
}

function recordKey(collection: string, id: string): string {
  return `${collection}\u0000${id}`;
}

function toChange(e: Change): Change {
  return { seq: e.seq, collection: e.collection, id: e.id, hlc: e.hlc, fields: e.fields };
}

function overlay(collection: string, id: string, base: PulledRecord | undefined, pending: OutboxEntry[]): LocalRecord {
  let v: Versioned = base ? { fields: base.fields, stamps: base.stamps } : { fields: {}, stamps: {} };
  for (const e of pending) v = mergeRecords(v, changeAsVersioned(e.fields, e.hlc));
  return { collection, id, ...v, pending: pending.length > 0 };
}
