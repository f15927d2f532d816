import assert from "node:assert/strict";
import { test } from "node:test";
import { needCoaching, parseTeamReview } from "./review";

const alert = (code: string, focus = "other") => ({ code, focus, message: `${code} 中`, message_en: `${code} en` });

test("the team review's alerts are read per agent; agents with alerts need coaching, most first", () => {
  const got = parseTeamReview({
    month: "2026-11",
    team_id: "t1",
    champion: "",
    team: { agents: 3 },
    agents: [
      { agent_id: "a", name: "李娜", review: { alerts: [] } },
      { agent_id: "b", name: "王强", review: { alerts: [alert("file_upkeep")] } },
      { agent_id: "c", name: "刘建国", review: { alerts: [alert("needs_discovery", "needs_discovery"), alert("file_upkeep"), { focus: "x" }] } },
    ],
  });
  assert.ok(got);
  assert.deepEqual(got.agents[2]!.alerts[0], { code: "needs_discovery", focus: "needs_discovery", message: "needs_discovery 中", messageEn: "needs_discovery en" });
  assert.deepEqual(
    needCoaching(got).map((a) => [a.agentId, a.alerts.length]),
    [
      ["c", 2],
      ["b", 1],
    ],
  );
});

test("an answer that is not a team review is refused", () => {
  assert.equal(parseTeamReview({ error: { code: "forbidden" } }), null);
  assert.equal(parseTeamReview(null), null);
  assert.deepEqual(parseTeamReview({ month: "2026-11", agents: [] })?.agents, []);
});

test("the bursts of openings of the team's customer files are read; an answer without them has none", () => {
  const got = parseTeamReview({
    month: "2026-11",
    team_id: "t1",
    champion: "",
    agents: [],
    access_alerts: [{ user_id: "u", username: "zhou", role: "supervisor", agents: 1, openings: 11, since: "2026-11-20T01:00:00Z" }],
  });
  assert.deepEqual(got?.accessAlerts, [{ username: "zhou", role: "supervisor", agents: 1, openings: 11 }]);
  assert.deepEqual(parseTeamReview({ month: "2026-11", agents: [] })?.accessAlerts, []);
});
