// The morning meeting's focus (今日重点) of a team and day: the day_focus
// record every supervisor of the team writes and every agent reads
// (docs/protocol.md §6.6). One record per team and day, its id the
// name-based UUID of the team's id and "focus:" + the day, so that two
// supervisors' phones write the same record. Pure but for focusId.

import { nameUUID, type Fields, type LocalRecord } from "../sync";

/** The longest focus, in characters (the server's rules.MaxFocus). */
export const MAX_FOCUS = 300;

export interface DayFocus {
  id: string;
  day: string;
  text: string;
  /** Not yet sent to the server. */
  pending: boolean;
}

/**
 * The focus of teamId for day among a collection's records; null for none or
 * an empty one. An admin's replica holds every team's, and a supervisor who
 * moved keeps the old team's they wrote: a record is the team's by its
 * team_id, or, before the server has answered, by being this phone's own
 * unsent one (only a supervisor of the team writes it, for their own team).
 */
export function focusOn(recs: Iterable<LocalRecord>, teamId: string, day: string): DayFocus | null {
  for (const r of recs) {
    if (r.fields["date"] !== day) continue;
    const team = r.fields["team_id"];
    if (team !== teamId && !(team === undefined && r.pending)) continue;
    const text = typeof r.fields["text"] === "string" ? r.fields["text"].trim() : "";
    return text ? { id: r.id, day, text, pending: r.pending } : null;
  }
  return null;
}

/** The fields that set day's focus to text: trimmed, at most MAX_FOCUS characters ("" clears it). */
export function focusFields(day: string, text: string): Fields {
  return { date: day, text: [...text.trim()].slice(0, MAX_FOCUS).join("") };
}

/** The id of a team's focus for a day, as the server computes it. */
export function focusId(teamId: string, day: string): Promise<string> {
  return nameUUID(teamId, `focus:${day}`);
}
