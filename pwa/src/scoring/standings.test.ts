import assert from "node:assert/strict";
import { test } from "node:test";
import type { Member, Score } from "../data/model";
import { monthPeriod, weekPeriod } from "./period";
import { localStandings, parseStandings, rank, type StandingRow } from "./standings";

function row(agentId: string, score: number, visits = 0, deals = 0, name = agentId): StandingRow {
  return { agentId, name, score, band: "", rank: 0, visits, deals, pendingDays: 0, pendingCounts: {}, awards: [] };
}

test("ranks by score, then visits, then deals; full ties share a rank and names order them", () => {
  const got = rank([row("a", 70, 10), row("b", 80), row("c", 70, 12), row("e", 70, 10, 0, "Ann"), row("d", 70, 10, 1), row("f", 0)]);
  assert.deepEqual(
    got.map((r) => [r.agentId, r.rank]),
    [
      ["b", 1],
      ["c", 2],
      ["d", 3],
      ["e", 4],
      ["a", 4],
      ["f", 6],
    ],
  );
});

const member = (id: string, name: string, role = "agent", active = true): Member => ({ id, name, role, active });

function score(agentId: string, p: ReturnType<typeof weekPeriod>, value: number, c: Record<string, number> = {}, pending: Record<string, number> = {}): Score {
  return {
    id: `${agentId}-${p.label}`,
    agentId,
    kind: p.kind,
    period: p.label,
    start: p.start,
    end: p.end,
    score: value,
    band: "",
    categories: [],
    counts: c,
    premium: 0,
    pendingDays: 1,
    pendingCounts: pending,
    amendedDays: 0,
    approvedDays: 3,
    days: [],
    streakOut: 0,
    awards: value > 90 ? [{ kind: "weekly_progress", amount: 200, day: p.end }] : [],
  };
}

const members = [member("a", "李娜"), member("b", "王强"), member("c", "张晓雨"), member("s", "周敏", "supervisor"), member("x", "离职", "agent", false)];

test("local week standings: active agents only, scores of the week, 0 without a record", () => {
  const week = weekPeriod("2026-11-23");
  const scores = [score("a", week, 95, { visit: 21, deal: 2 }), score("b", weekPeriod("2026-11-16"), 99), score("c", week, 40, { visit: 8 })];
  const got = localStandings(week, members, scores, "2026-11-28");
  assert.deepEqual(
    got.rows.map((r) => [r.agentId, r.rank, r.score, r.band, r.visits, r.deals]),
    [
      ["a", 1, 95, "excellent", 21, 2],
      ["c", 2, 40, "coaching", 8, 0],
      ["b", 3, 0, "coaching", 0, 0],
    ],
  );
  assert.equal(got.rows[0]!.awards[0]?.kind, "weekly_progress");
  assert.equal(got.champion, null, "weeks have no champion");
});

test("local standings carry what is pending beside the counts, which rank by the approved ones only", () => {
  const week = weekPeriod("2026-11-23");
  const scores = [score("a", week, 50, { visit: 10 }, { visit: 5, deal: 1 }), score("c", week, 50, { visit: 12 }, { visit: -2 })];
  const got = localStandings(week, members, scores, "2026-11-28");
  assert.deepEqual(
    got.rows.map((r) => [r.agentId, r.rank, r.visits, r.pendingCounts]),
    [
      ["c", 1, 12, { visit: -2 }],
      ["a", 2, 10, { visit: 5, deal: 1 }],
      ["b", 3, 0, {}],
    ],
  );
});

test("a month's champion is crowned locally only once it is over and only without a tie at the top", () => {
  const nov = monthPeriod("2026-11");
  const scores = [score("a", nov, 70, { visit: 60 }), score("b", nov, 70, { visit: 50 })];
  assert.equal(localStandings(nov, members, scores, "2026-11-30").champion, null, "still running");
  const over = localStandings(nov, members, scores, "2026-12-01");
  assert.equal(over.champion, "a");
  assert.deepEqual(over.rows[0]!.awards, [{ kind: "monthly_champion", day: "2026-11-30" }]);
  const tie = [score("a", nov, 70, { visit: 60 }), score("b", nov, 70, { visit: 60 })];
  assert.equal(localStandings(nov, members, tie, "2026-12-01").champion, null);
  assert.equal(localStandings(nov, members, [], "2026-12-01").champion, null, "nobody scored");
});

test("the server's answer is read, its champion found among the awards", () => {
  const got = parseStandings({
    period: { kind: "month", start: "2026-10-01", end: "2026-10-31", label: "2026-10" },
    team_id: "t",
    entries: [
      {
        agent_id: "a",
        name: "李娜",
        score: 83,
        band: "excellent",
        rank: 1,
        counts: { visit: 21, deal: 2 },
        pending_days: 2,
        pending_counts: { visit: 2, deal: -1, bad: "x" },
        awards: [{ kind: "monthly_champion", amount: 500, day: "2026-10-31" }],
      },
      { agent_id: "b", name: "王强", score: 0, rank: 2, counts: {}, pending_days: 0, awards: [] },
    ],
  });
  assert.ok(got);
  assert.equal(got.champion, "a");
  assert.deepEqual(got.period, monthPeriod("2026-10"));
  assert.deepEqual(got.rows[0]!.pendingCounts, { visit: 2, deal: -1 }, "pending_counts read, what is not a number left out");
  assert.deepEqual(got.rows[1], { agentId: "b", name: "王强", score: 0, band: "coaching", rank: 2, visits: 0, deals: 0, pendingDays: 0, pendingCounts: {}, awards: [] });
  assert.equal(parseStandings({ period: { kind: "year" }, entries: [] }), null);
  assert.equal(parseStandings({ error: { code: "forbidden" } }), null);
});
