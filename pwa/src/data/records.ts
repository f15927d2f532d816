// The records the screens show, kept in memory as signals: each collection
// is read from IndexedDB once, when a screen first asks for it, and again
// only after a sync changed what was pulled. A local change goes to the
// outbox in one IndexedDB transaction and is laid over the in-memory copy
// at once, so recording a visit touches IndexedDB once and every screen
// shows it immediately.
//
// The user's other tabs hear of every committed change (data/tabs.ts): a
// local write comes with its outbox entries, which they lay over their own
// copies the same way; a sync names the collections it changed, which they
// read again. So every open tab shows every change at once.

import { batch, signal, type ReadonlySignal, type Signal } from "@preact/signals";
import {
  changeAsVersioned,
  isDeleted,
  mergeRecords,
  type DataChange,
  type Fields,
  type LocalRecord,
  type NewChange,
  type OutboxEntry,
  type SyncEngine,
  StorageFullError,
} from "../sync";
import { t } from "../i18n";
import { COLLECTIONS } from "./vocabulary";

/** The collections the app reads (the server's list, vocabulary.ts); the
 * protocol may add others later. */
export type Collection = (typeof COLLECTIONS)[number];

export type RecordMap = ReadonlyMap<string, LocalRecord>;

interface Slot {
  data: Signal<RecordMap>;
  /** Whether the first read finished (an empty map before it means "loading"). */
  loaded: Signal<boolean>;
}

/**
 * Lets the browser run what waits (a tap, a frame) before more work: the
 * main thread is given back between reading IndexedDB and drawing what it
 * read, so neither makes one long task with the other.
 */
export function yieldToMain(): Promise<void> {
  const s = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof s?.yield === "function") return s.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export class Records {
  private readonly slots = new Map<Collection, Slot>();
  private readonly unsubscribe: () => void;
  /** Collections to read (again) in the next round of reads. */
  private readonly wanted = new Set<Collection>();
  /** Collections the round under way reads. */
  private readonly inFlight = new Set<Collection>();
  private reading: Promise<void> | null = null;

  constructor(readonly engine: SyncEngine) {
    this.unsubscribe = engine.onData((change) => this.changed(change));
  }

  /** Brings the collections shown up to date with a committed change, made here or in another tab. */
  private changed(change: DataChange): void {
    switch (change.kind) {
      case "written":
        this.layOver(change.entries);
        return;
      case "collections":
        for (const name of change.collections) if (this.slots.has(name as Collection)) this.read(name as Collection);
        return;
      case "all":
        for (const name of this.slots.keys()) this.read(name);
        return;
    }
  }

  close(): void {
    this.unsubscribe();
  }

  /** The records of a collection by id, deleted ones left out; read on first use. */
  map(collection: Collection): ReadonlySignal<RecordMap> {
    return this.slot(collection).data;
  }

  /** Whether the collection has been read from IndexedDB at least once. */
  loaded(collection: Collection): ReadonlySignal<boolean> {
    return this.slot(collection).loaded;
  }

  private slot(collection: Collection): Slot {
    let slot = this.slots.get(collection);
    if (!slot) {
      slot = { data: signal(new Map()), loaded: signal(false) };
      this.slots.set(collection, slot);
      this.read(collection);
    }
    return slot;
  }

  /**
   * Reads a collection again. The collections asked for together (a
   * screen's first render asks for several; a pulled page names several)
   * are read in one round and shown at once, so the screens draw once per
   * round rather than once per collection; one round runs at a time, and a
   * collection asked for while it is being read is read again after.
   */
  private read(collection: Collection): void {
    this.wanted.add(collection);
    this.reading ??= this.readRounds();
  }

  private async readRounds(): Promise<void> {
    try {
      // The rest of the current task's asks join this round.
      await Promise.resolve();
      while (this.wanted.size > 0) {
        const names = [...this.wanted];
        this.wanted.clear();
        for (const n of names) this.inFlight.add(n);
        const lists = await Promise.all(
          names.map((n) =>
            this.engine.store.list(n).catch(() => null), // the store closed on sign-out
          ),
        );
        const maps = lists.map((list, i) => (list ? new Map(list.map((r) => [r.id, reuse(this.slots.get(names[i]!)!.data.peek(), r)])) : null));
        await yieldToMain();
        this.inFlight.clear();
        batch(() => {
          names.forEach((n, i) => {
            const map = maps[i];
            if (!map) return;
            const slot = this.slots.get(n)!;
            slot.data.value = map;
            slot.loaded.value = true;
          });
        });
      }
    } finally {
      // In the same step as the loop's last check: an ask made after it
      // starts a new round.
      this.reading = null;
    }
  }

  /**
   * Records changes atomically (one IndexedDB transaction), shows them at
   * once and syncs soon. Deleting is a change with `_deleted: true`.
   */
  async save(changes: readonly NewChange[]): Promise<void> {
    // The engine publishes the committed entries (see changed), before it returns.
    try {
      await this.engine.recordAll(changes);
    } catch (err) {
      // The forms show an error's message: this one in the user's words.
      if (err instanceof StorageFullError) throw new StorageFullError(t("storage.fullWrite"), err.reason);
      throw err;
    }
  }

  /**
   * Lays outbox entries over the in-memory records, as the store's own
   * reads do (the merge is per field and idempotent, so an entry already
   * there changes nothing). A collection not shown yet is read from
   * IndexedDB when it is; one being read is read again after, since that
   * read may have started before the entries were committed.
   */
  private layOver(entries: readonly OutboxEntry[]): void {
    const touched = new Map<Collection, Map<string, LocalRecord>>();
    for (const e of entries) {
      const name = e.collection as Collection;
      const slot = this.slots.get(name);
      if (!slot) continue;
      if (this.inFlight.has(name)) this.read(name);
      let next = touched.get(name);
      if (!next) touched.set(name, (next = new Map(slot.data.value)));
      const merged = mergeRecords(next.get(e.id) ?? { fields: {}, stamps: {} }, changeAsVersioned(e.fields, e.hlc));
      if (isDeleted(merged)) next.delete(e.id);
      else next.set(e.id, { collection: e.collection, id: e.id, ...merged, pending: true });
    }
    for (const [name, next] of touched) this.slots.get(name)!.data.value = next;
  }

  /** Records one change. */
  put(collection: Collection, id: string, fields: Fields): Promise<void> {
    return this.save([{ collection, id, fields }]);
  }
}

/**
 * The record as shown before when a new read finds it unchanged (the same
 * stamps, the same pending state), so that views computed from it can be
 * kept (see data/index.ts); the new one otherwise.
 */
function reuse(shown: RecordMap, r: LocalRecord): LocalRecord {
  const old = shown.get(r.id);
  if (!old || old.pending !== r.pending) return r;
  const a = old.stamps;
  const b = r.stamps;
  let n = 0;
  for (const k in b) {
    if (a[k] !== b[k]) return r;
    n++;
  }
  for (const _ in a) n--;
  return n === 0 ? old : r;
}
