// Small constructors of the records the dashboard and meeting tests use.

import type { Member, Score } from "../../data/model";
import { blankScore } from "../../data/testdata";
import type { Period } from "../me/period";
import type { TeamMember } from "./team";

export const member = (id: string, name: string, role = "agent", active = true, teamId = "t1"): TeamMember => ({
  id,
  name,
  role,
  active,
  teamId,
});

export function weekScore(agentId: string, p: Period, score: number, more: Partial<Score> = {}): Score {
  return blankScore({ id: `${agentId}-${p.label}`, agentId, kind: p.kind, period: p.label, start: p.start, end: p.end, score, ...more });
}

export const team: Member[] = [member("a", "李娜"), member("b", "王强"), member("c", "张晓雨"), member("s", "周敏", "supervisor")];
