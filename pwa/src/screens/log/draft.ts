// Which fields of a work log an edit changed. Only those are sent: the
// merge is per field, so re-sending an unchanged field would overwrite a
// newer edit made on another phone, and re-sending an approved log's
// unchanged fields would send it back to the review queue for nothing.

import type { DayLog, Kind, Problem } from "../../data";
import { canonicalJSON, type Fields } from "../../sync";

export interface LogDraft {
  plan: Partial<Record<Kind, number>>;
  problems: Problem[];
  summary: string;
}

export function changedLogFields(log: DayLog | null, draft: LogDraft): Fields {
  const out: Fields = {};
  // Problems with no text are left out: an empty row is not a problem.
  const problems = draft.problems
    .map((p) => ({ tag: p.tag, text: p.text.trim() }))
    .filter((p) => p.text !== "");
  const summary = draft.summary.trim();
  if (!log) {
    if (Object.keys(draft.plan).length > 0) out["plan"] = { ...draft.plan };
    if (problems.length > 0) out["problems"] = problems;
    if (summary) out["summary"] = summary;
    return out;
  }
  if (canonicalJSON(draft.plan) !== canonicalJSON(log.plan)) out["plan"] = { ...draft.plan };
  if (canonicalJSON(problems) !== canonicalJSON(log.problems)) out["problems"] = problems;
  if (summary !== log.summary) out["summary"] = summary;
  return out;
}
