// GET /api/files, pure: its path, its answer read as local records, the
// purposes offered, and how openings of one agent add up (opened.ts holds
// them).

import type { LocalRecord } from "../../sync";

export interface Opened {
  agentId: string;
  /** Whether every file of the agent was opened (not only some, one by one). */
  all: boolean;
  files: ReadonlyMap<string, LocalRecord>;
}

/** The purposes offered (the supervisor may write their own). */
export const SUGGESTED = ["purpose.coaching", "purpose.review", "purpose.complaint"] as const;

/** A purpose as the server takes it: 2 to 200 characters once trimmed. */
export function purposeOk(p: string): boolean {
  const n = [...p.trim()].length;
  return n >= 2 && n <= 200;
}

/** GET /api/files' path. */
export function filesPath(agentId: string, purpose: string, id?: string): string {
  const q = new URLSearchParams({ agent_id: agentId, purpose: purpose.trim() });
  if (id) q.set("id", id);
  return `/api/files?${q.toString()}`;
}

/** The files of an answer of GET /api/files, as local records; null for one this version cannot read. */
export function parseFiles(raw: unknown): LocalRecord[] | null {
  const files = (raw as { files?: unknown } | null)?.files;
  if (!Array.isArray(files)) return null;
  const out: LocalRecord[] = [];
  for (const f of files) {
    const r = f as Partial<LocalRecord> | null;
    if (!r || typeof r.id !== "string" || r.collection !== "customers" || typeof r.fields !== "object" || typeof r.stamps !== "object") return null;
    out.push({ collection: r.collection, id: r.id, fields: r.fields ?? {}, stamps: r.stamps ?? {}, pending: false });
  }
  return out;
}

/** Adds what an opening brought to what this page holds of the agent. */
export function merged(prev: Opened | null, agentId: string, files: readonly LocalRecord[], all: boolean): Opened {
  const keep = prev && prev.agentId === agentId ? prev : null;
  const map = new Map(all ? [] : keep?.files ?? []);
  for (const f of files) map.set(f.id, f);
  return { agentId, all: all || (keep?.all ?? false), files: map };
}

