// The user's other tabs, told of every change the moment it is committed.
// Each tab keeps the records it shows in memory (records.ts) and syncs on
// its own schedule, one tab at a time (a Web Lock): without a word from the
// others, a tab would show another tab's visit only after its own next sync
// pulled something. So each tab posts, on a BroadcastChannel named after the
// user's database, what its writes and its syncs changed; the others lay the
// written entries over their copies, or read the named collections again,
// and refresh their counts. No tab syncs because of a notice: the tab that
// wrote syncs its own changes, as before.

import type { DataChange, OutboxEntry, SyncEngine } from "../sync";

/** The part of a BroadcastChannel the link uses. */
export interface Channel {
  postMessage(message: unknown): void;
  addEventListener(type: "message", listener: (e: MessageEvent) => void): void;
  close(): void;
}

/** Raised when a message's format changes: a tab of another version then reads everything again. */
const VERSION = 1;

/** The channel of one user's database: tabs of another user on the same phone never hear it. */
export function channelName(database: string): string {
  return `${database}-tabs`;
}

/** The message that tells the other tabs of a change made here. */
export function noticeOf(change: DataChange): unknown {
  const { elsewhere: _, ...rest } = change;
  return { v: VERSION, change: rest };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === "string";

function isEntry(v: unknown): v is OutboxEntry {
  return isObject(v) && isString(v["collection"]) && isString(v["id"]) && isString(v["hlc"]) && isObject(v["fields"]);
}

/**
 * The change another tab's message names. A message this version cannot
 * read (a tab of another version of the app) still says that something
 * changed: read everything again.
 */
export function changeOf(message: unknown): DataChange {
  const all: DataChange = { kind: "all", elsewhere: true };
  if (!isObject(message) || message["v"] !== VERSION || !isObject(message["change"])) return all;
  const c = message["change"];
  switch (c["kind"]) {
    case "written": {
      const entries = c["entries"];
      return Array.isArray(entries) && entries.every(isEntry) ? { kind: "written", entries, elsewhere: true } : all;
    }
    case "collections": {
      const names = c["collections"];
      return Array.isArray(names) && names.every(isString) ? { kind: "collections", collections: names, elsewhere: true } : all;
    }
    case "status":
      return { kind: "status", elsewhere: true };
  }
  return all;
}

function openChannel(name: string): Channel | null {
  return typeof BroadcastChannel === "undefined" ? null : new BroadcastChannel(name);
}

/**
 * Links this tab's engine with the user's other tabs: every change
 * committed here is posted, and every change another tab posts is noted
 * here. Returns the function that unlinks them (on sign-out). Without
 * BroadcastChannel (Safari < 15.4) tabs still catch up at their own syncs.
 */
export function linkTabs(engine: SyncEngine, open: (name: string) => Channel | null = openChannel): () => void {
  const channel = open(channelName(engine.store.name));
  if (!channel) return () => undefined;
  const note = (change: DataChange) => void engine.noteElsewhere(change).catch(() => undefined); // the store closed on sign-out
  const stop = engine.onData((change) => {
    if (!change.elsewhere) channel.postMessage(noticeOf(change));
  });
  channel.addEventListener("message", (e) => note(changeOf(e.data)));
  // A page restored from the back-forward cache, or resumed after the
  // browser froze it, may have missed notices while it was away.
  const resumed = (e: Event) => {
    if (e.type === "resume" || (e as PageTransitionEvent).persisted) note({ kind: "all" });
  };
  const page = typeof window === "undefined" ? null : window;
  page?.addEventListener("pageshow", resumed);
  page?.document.addEventListener("resume", resumed);
  return () => {
    stop();
    channel.close();
    page?.removeEventListener("pageshow", resumed);
    page?.document.removeEventListener("resume", resumed);
  };
}
