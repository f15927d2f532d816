// The customer files a supervisor opened on purpose (GET /api/files), held
// in memory only — never in IndexedDB or the answer cache — so a
// supervisor's phone keeps no customer file once the page is gone, and
// only for the user who opened them. Every opening is written to the
// server's access log before it answers.

import { signal } from "@preact/signals";
import { session } from "../../api";
import { getJSON } from "../../remote";
import { filesPath, merged, parseFiles, type Opened } from "./files";

const held = signal<{ userId: string; opened: Opened } | null>(null);

/** What the signed-in user opened of the agent on this page; null before the first opening. */
export function openedOf(agentId: string): Opened | null {
  const h = held.value;
  const me = session.value?.user.id ?? "";
  return h && h.userId === me && h.opened.agentId === agentId ? h.opened : null;
}

/** Opens the agent's files (or one) with a purpose; throws OfflineError offline, ApiError when refused. */
export async function openFiles(agentId: string, purpose: string, id?: string): Promise<void> {
  const me = session.value?.user.id ?? "";
  const files = parseFiles(await getJSON(filesPath(agentId, purpose, id)));
  if (files === null) throw new Error("malformed answer");
  const prev = held.value?.userId === me ? held.value.opened : null;
  held.value = { userId: me, opened: merged(prev, agentId, files, !id) };
}
