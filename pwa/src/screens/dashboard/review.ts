// GET /api/reviews/team's answer read for the dashboard: every agent's
// coaching alerts for the month (the rest of each review is the agent
// screen's and the export's). Pure.

import { arr, obj, str } from "../../remote/json";
import type { Alert } from "../../scoring/review";

export interface AgentAlerts {
  agentId: string;
  name: string;
  alerts: Alert[];
}

/** Someone who opened the team's customer files in a burst in the last hour. */
export interface AccessAlert {
  username: string;
  role: string;
  agents: number;
  openings: number;
}

export interface TeamReview {
  month: string;
  teamId: string;
  agents: AgentAlerts[];
  /** The month's activity champion's agent id, once the month is over. */
  champion: string;
  accessAlerts: AccessAlert[];
}

/** The answer, or null when it is not one. */
export function parseTeamReview(raw: unknown): TeamReview | null {
  const body = obj(raw);
  if (typeof body["month"] !== "string" || !Array.isArray(body["agents"])) return null;
  return {
    month: str(body["month"]),
    teamId: str(body["team_id"]),
    champion: str(body["champion"]),
    accessAlerts: arr(body["access_alerts"]).map((x): AccessAlert => {
      const o = obj(x);
      const n = (v: unknown) => (typeof v === "number" ? v : 0);
      return { username: str(o["username"]), role: str(o["role"]), agents: n(o["agents"]), openings: n(o["openings"]) };
    }),
    agents: arr(body["agents"]).map((a): AgentAlerts => {
      const o = obj(a);
      return {
        agentId: str(o["agent_id"]),
        name: str(o["name"]),
        alerts: arr(obj(o["review"])["alerts"])
          .map((x) => {
            const al = obj(x);
            return { code: str(al["code"]), focus: str(al["focus"]), message: str(al["message"]), messageEn: str(al["message_en"]) };
          })
          .filter((al) => al.code !== ""),
      };
    }),
  };
}

/** The agents who need coaching: those with alerts, most alerts first, then by name. */
export function needCoaching(review: TeamReview): AgentAlerts[] {
  return review.agents
    .filter((a) => a.alerts.length > 0)
    .sort((a, b) => b.alerts.length - a.alerts.length || a.name.localeCompare(b.name, "zh-CN") || (a.agentId < b.agentId ? -1 : 1));
}
