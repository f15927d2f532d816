// Coaching notes (辅导记录) about one agent: read from the supervisor's
// replica, newest first, and the change that writes a new one. Pure.

import { isoDay, MAX_TEXT, ownerOf, TAGS, type Tag } from "../../data/model";
import { parseStamp } from "../../sync/hlc";
import type { Fields } from "../../sync/merge";
import type { LocalRecord } from "../../sync/store";

export interface Note {
  id: string;
  agentId: string;
  /** The supervisor who wrote it. */
  authorId: string;
  text: string;
  focus: Tag | null;
  /** When it was written, in ms: the server's created_at, else its first stamp; 0 when unknown. */
  writtenAt: number;
  /** The day it was written in the team's zone, "" when unknown. */
  day: string;
  pending: boolean;
}

/** When a record was written: created_at, else the wall time of its oldest stamp. */
export function writtenAt(r: LocalRecord): number {
  const created = r.fields["created_at"];
  const ms = typeof created === "string" ? Date.parse(created) : NaN;
  if (!Number.isNaN(ms)) return ms;
  const walls = Object.values(r.stamps)
    .map((s) => parseStamp(s)?.wall ?? 0)
    .filter((w) => w > 0);
  return walls.length > 0 ? Math.min(...walls) : 0;
}

/** A note as the page shows it; its day is counted in zone (the team's). */
export function noteOf(r: LocalRecord, me: string, zone: string): Note {
  const f = r.fields;
  const at = writtenAt(r);
  return {
    id: r.id,
    agentId: typeof f["agent_id"] === "string" ? f["agent_id"] : "",
    authorId: ownerOf(r, me),
    text: typeof f["text"] === "string" ? f["text"] : "",
    focus: (TAGS as readonly unknown[]).includes(f["focus"]) ? (f["focus"] as Tag) : null,
    writtenAt: at,
    day: at > 0 ? isoDay(at, zone) : "",
    pending: r.pending,
  };
}

/** The notes about an agent, newest first. */
export function notesAbout(recs: Iterable<LocalRecord>, agentId: string, me: string, zone: string): Note[] {
  const out: Note[] = [];
  for (const r of recs) {
    const n = noteOf(r, me, zone);
    if (n.agentId === agentId) out.push(n);
  }
  return out.sort((a, b) => b.writtenAt - a.writtenAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

export type NoteProblem = "required" | "tooLong";

/** What is wrong with a note's text, or null. */
export function noteProblem(text: string): NoteProblem | null {
  const t = text.trim();
  if (!t) return "required";
  return [...t].length > MAX_TEXT ? "tooLong" : null;
}

/** The fields of a new note: the agent, the text (trimmed), and the focus when one is chosen. */
export function noteFields(agentId: string, text: string, focus: Tag | ""): Fields {
  return { agent_id: agentId, text: text.trim(), ...(focus ? { focus } : {}) };
}
