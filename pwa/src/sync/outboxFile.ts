// "Save unsent changes to a file": the phone's outbox as the JSON file an
// admin imports with POST /api/admin/outbox-import (docs/api.md §4.6), the
// last resort when the phone cannot reach the server. The changes are
// written exactly as the sync request carries them, with their seqs, so the
// import is this installation's sync: what it applied is a duplicate when
// the phone sends it later, and a second import changes nothing. Pure.

import type { Change } from "./protocol";

/** The file's format and version, as the server reads them. */
export const OUTBOX_FORMAT = "fieldbook-outbox";
export const OUTBOX_VERSION = 1;

/** A file stays under the server's body limit (1 MiB, counted in UTF-8 bytes) and a sync request's 500 changes. */
export const FILE_BYTES = 900_000;
export const FILE_CHANGES = 500;

export interface OutboxUser {
  id: string;
  username: string;
  name: string;
}

export interface OutboxFile {
  format: typeof OUTBOX_FORMAT;
  version: typeof OUTBOX_VERSION;
  exported_at: string;
  client_id: string;
  user: OutboxUser;
  changes: Change[];
}

/**
 * The files of an outbox, oldest changes first: one, or more when the
 * changes would not fit in one (imported in order, each continues the seqs
 * of the one before). None when the outbox is empty.
 */
export function outboxFiles(clientId: string, user: OutboxUser, entries: readonly Change[], now: Date): OutboxFile[] {
  const head = { format: OUTBOX_FORMAT, version: OUTBOX_VERSION, exported_at: now.toISOString(), client_id: clientId, user } as const;
  const base = byteLength(JSON.stringify({ ...head, changes: [] }));
  const files: OutboxFile[] = [];
  let changes: Change[] = [];
  let bytes = base;
  for (const e of entries) {
    const change: Change = { seq: e.seq, collection: e.collection, id: e.id, hlc: e.hlc, fields: e.fields };
    const size = byteLength(JSON.stringify(change)) + 1;
    if (changes.length > 0 && (changes.length === FILE_CHANGES || bytes + size > FILE_BYTES)) {
      files.push({ ...head, changes });
      changes = [];
      bytes = base;
    }
    changes.push(change);
    bytes += size;
  }
  if (changes.length > 0) files.push({ ...head, changes });
  return files;
}

/** A string's length as UTF-8, as the server's body limit counts it. */
const byteLength = (s: string) => new TextEncoder().encode(s).length;

/** A file's name: who, which seqs, when — "fieldbook-outbox-lina-41-97-20261207-0830.json". */
export function outboxFileName(f: OutboxFile): string {
  const first = f.changes[0]?.seq ?? 0;
  const last = f.changes[f.changes.length - 1]?.seq ?? 0;
  const at = f.exported_at.slice(0, 16).replace(/[-:]/g, "").replace("T", "-");
  const who = f.user.username.replace(/[^A-Za-z0-9_.-]/g, "_") || f.user.id;
  return `fieldbook-outbox-${who}-${first}-${last}-${at}.json`;
}
