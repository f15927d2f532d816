// Small constructors of test data for the agent page's Node tests only
// (the app never imports this file).

import type { DayLog, Problem, Score, Tag } from "../../data/model";
import { blankScore } from "../../data/testdata";
import type { LocalRecord } from "../../sync/store";

export function week(agentId: string, start: string, over: Partial<Score> = {}): Score {
  return blankScore({ id: `w-${agentId}-${start}`, agentId, start, ...over });
}

export function month(agentId: string, period: string, over: Partial<Score> = {}): Score {
  return { ...week(agentId, "", over), id: `m-${agentId}-${period}`, kind: "month", period, ...over };
}

export function dayLog(date: string, tags: Tag[] = [], over: Partial<DayLog> = {}): DayLog {
  const problems: Problem[] = tags.map((tag) => ({ tag, text: "" }));
  return { id: `log-${date}`, date, plan: {}, problems, summary: "", state: "submitted", reviewComment: "", amended: false, pending: false, ...over };
}

export const stamp = (wall: number, node = "phone") => `${String(wall).padStart(13, "0")}-0000-${node}`;

export function record(collection: string, id: string, fields: Record<string, unknown>, wall = 1000, pending = false): LocalRecord {
  const stamps: Record<string, string> = {};
  for (const k of Object.keys(fields)) stamps[k] = stamp(wall);
  return { collection, id, fields, stamps, pending };
}
