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

import { signal, type ReadonlySignal, type Signal } from "@preact/signals";
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
} from "../sync";
import { COLLECTIONS } from "./vocabulary";

/** The collections the app reads (the server's list, vocabulary.ts); the
 * protocol may add others later. */
export type Collection = (typeof COLLECTIONS)[number];

export type RecordMap = ReadonlyMap<string, LocalRecord>;

interface Slot {
  data: Signal<RecordMap>;
  /** Whether the first read finished (an empty map before it means "loading"). */
  loaded: Signal<boolean>;
  reading: Promise<void> | null;
  stale: boolean;
}

export class Records {
  private readonly slots = new Map<Collection, Slot>();
  private readonly unsubscribe: () => void;

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
        for (const name of change.collections) {
          const slot = this.slots.get(name as Collection);
          if (slot) this.read(name as Collection, slot);
        }
        return;
      case "all":
        for (const [name, slot] of this.slots) this.read(name, slot);
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
      slot = { data: signal(new Map()), loaded: signal(false), reading: null, stale: false };
      this.slots.set(collection, slot);
      this.read(collection, slot);
    }
    return slot;
  }

  /** Re-reads a collection, at most one read at a time per collection. */
  private read(collection: Collection, slot: Slot): void {
    if (slot.reading) {
      slot.stale = true;
      return;
    }
    slot.reading = (async () => {
      do {
        slot.stale = false;
        const list = await this.engine.store.list(collection);
        slot.data.value = new Map(list.map((r) => [r.id, r]));
        slot.loaded.value = true;
      } while (slot.stale);
    })()
      .catch(() => undefined) // the store closed on sign-out
      .finally(() => (slot.reading = null));
  }

  /**
   * Records changes atomically (one IndexedDB transaction), shows them at
   * once and syncs soon. Deleting is a change with `_deleted: true`.
   */
  async save(changes: readonly NewChange[]): Promise<void> {
    // The engine publishes the committed entries (see changed), before it returns.
    await this.engine.recordAll(changes);
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
      if (slot.reading) slot.stale = true;
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
