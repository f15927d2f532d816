// GET /api/access-log's answer read for the screens that show it (the
// agent's "who looked at my files", the admin's full log): each opening of
// an agent's customer files by someone else.

export interface AccessEntry {
  /** When, in ms since the epoch. */
  at: number;
  userId: string;
  username: string;
  role: string;
  agentId: string;
  /** A customer's id, or "all". */
  file: string;
  purpose: string;
}

/** The entries of an answer, newest first as sent; null for one this version cannot read. */
export function parseAccessLog(raw: unknown): AccessEntry[] | null {
  const entries = (raw as { entries?: unknown } | null)?.entries;
  if (!Array.isArray(entries)) return null;
  const out: AccessEntry[] = [];
  for (const e of entries) {
    const o = (e ?? {}) as Record<string, unknown>;
    const at = typeof o["at"] === "string" ? Date.parse(o["at"]) : NaN;
    const s = (k: string) => (typeof o[k] === "string" ? (o[k] as string) : null);
    const [userId, username, role, agentId, file, purpose] = ["user_id", "username", "role", "agent_id", "file", "purpose"].map(s);
    if (Number.isNaN(at) || userId == null || username == null || role == null || agentId == null || file == null || purpose == null) return null;
    out.push({ at, userId, username, role, agentId, file, purpose });
  }
  return out;
}
