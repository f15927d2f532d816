import assert from "node:assert/strict";
import { test } from "node:test";
import type { Score } from "../../data/model";
import type { LocalRecord } from "../../sync";
import {
  DEFAULTS,
  calculateGoal,
  goalChange,
  goalPath,
  localGoal,
  monthGoal,
  parseGoalAnswer,
  readForm,
  trailingRates,
  type GoalForm,
} from "./goal";

const ME = "agent-1";

test("the guide's example comes out exactly: ¥10,000 → ¥20,000 → 4 deals → 80 visits → 20 days", () => {
  assert.deepEqual(calculateGoal(10_000, DEFAULTS), { premium: 20_000, deals: 4, visits: 80, days: 20 });
});

test("every step rounds up, forgiving float error", () => {
  const cases: [number, Partial<typeof DEFAULTS>, { deals: number; visits: number; days: number }][] = [
    [10_001, {}, { deals: 5, visits: 100, days: 25 }],
    [10_000, { closeRate: 0.07 }, { deals: 4, visits: 58, days: 15 }], // 4 ÷ 0.07 = 57.1
    [3_000, { closeRate: 0.1, visitsPerDay: 3 }, { deals: 2, visits: 20, days: 7 }],
    [10_000, { closeRate: 0.3 }, { deals: 4, visits: 14, days: 4 }], // 4 ÷ 0.3 = 13.33…
    [12_000, { commissionRate: 0.3, avgPremium: 8_000 }, { deals: 5, visits: 100, days: 25 }],
    [0, {}, { deals: 0, visits: 0, days: 0 }],
  ];
  for (const [income, a, want] of cases) {
    const { deals, visits, days } = calculateGoal(income, { ...DEFAULTS, ...a });
    assert.deepEqual({ deals, visits, days }, want, `${income} ${JSON.stringify(a)}`);
  }
});

function month(period: string, visits: number, deals: number, premium: number, approvedDays = 20): Score {
  return {
    id: `m-${period}`,
    agentId: ME,
    kind: "month",
    period,
    start: `${period}-01`,
    end: `${period}-28`,
    score: 0,
    band: "coaching",
    categories: [],
    counts: { visit: visits, deal: deals },
    premium,
    pendingDays: 0,
    pendingCounts: {},
    amendedDays: 0,
    approvedDays,
    days: [],
    streakOut: 0,
    awards: [],
  };
}

test("the trailing rates need three months before this one, each with approved days, with visits and deals", () => {
  const three = [month("2026-08", 40, 2, 8_000), month("2026-09", 30, 1, 6_000), month("2026-10", 30, 1, 6_000)];
  assert.deepEqual(trailingRates(three, ME, "2026-11"), { closeRate: 0.04, avgPremium: 5_000 });
  assert.equal(trailingRates(three.slice(1), ME, "2026-11"), null, "two months");
  assert.equal(trailingRates([...three.slice(0, 2), month("2026-10", 0, 0, 0, 0)], ME, "2026-11"), null, "a month with nothing approved");
  assert.equal(trailingRates(three.map((m) => ({ ...m, counts: { visit: 5 } })), ME, "2026-11"), null, "no deals");
  assert.equal(trailingRates(three, "someone-else", "2026-11"), null);
  assert.equal(trailingRates([month("2026-08", 1, 3, 9_000), ...three.slice(1)], ME, "2026-11")?.closeRate, 5 / 61);
});

test("offline, what is typed wins over history, which wins over the guide", () => {
  const r = localGoal(10_000, { visitsPerDay: 5 }, { closeRate: 0.1, avgPremium: 10_000 }, 30);
  assert.deepEqual(r.sources, { commissionRate: "default", avgPremium: "history", closeRate: "history", visitsPerDay: "given" });
  assert.deepEqual([r.deals, r.visits, r.days], [2, 20, 4]);
  assert.equal(r.enough, true);
  assert.equal(r.local, true);
  const guide = localGoal(10_000, {}, null, 79);
  assert.equal(guide.enough, false, "79 open names for 80 visits");
  assert.deepEqual(guide.sources, { commissionRate: "default", avgPremium: "default", closeRate: "default", visitsPerDay: "default" });
});

test("the server is asked only for the assumptions typed in", () => {
  assert.equal(goalPath(10_000, {}), "/api/goal-calculator?income=10000");
  assert.equal(goalPath(8_000, { closeRate: 0.08, visitsPerDay: 4 }), "/api/goal-calculator?income=8000&close_rate=0.08&visits_per_day=4");
});

test("the server's answer is read with the assumptions it used and where each came from", () => {
  const answer = {
    premium: 20_000,
    deals: 4,
    visits: 80,
    days: 20,
    open_prospects: 26,
    enough_prospects: false,
    assumptions: { income: 10_000, commission_rate: 0.5, avg_premium: 4_500, close_rate: 0.06, visits_per_day: 4 },
    sources: { avg_premium: "history", close_rate: "history", commission_rate: "default", visits_per_day: "given" },
  };
  const r = parseGoalAnswer(answer, 10_000);
  assert.ok(r);
  assert.deepEqual(r.assumptions, { commissionRate: 0.5, avgPremium: 4_500, closeRate: 0.06, visitsPerDay: 4 });
  assert.deepEqual(r.sources, { commissionRate: "default", avgPremium: "history", closeRate: "history", visitsPerDay: "given" });
  assert.deepEqual([r.openProspects, r.enough, r.local], [26, false, false]);
  const partial = parseGoalAnswer({ ...answer, assumptions: { close_rate: 0.07 } }, 10_000);
  assert.equal(partial?.assumptions.closeRate, 0.07);
  assert.equal(partial?.assumptions.avgPremium, 5_000); // the guide's default
  assert.equal(parseGoalAnswer({ error: { code: "invalid" } }, 1), null);
});

const form = (f: Partial<GoalForm>): GoalForm => ({ income: "10000", commissionRate: "", avgPremium: "", closeRate: "", visitsPerDay: "", ...f });

test("the form: income required, assumptions optional, percentages as percent, within the goals record's limits", () => {
  assert.deepEqual(readForm(form({})), { ok: true, income: 10_000, given: {} });
  assert.deepEqual(readForm(form({ income: "１２，０００", closeRate: "5%", commissionRate: "40" })), {
    ok: true,
    income: 12_000,
    given: { closeRate: 0.05, commissionRate: 0.4 },
  });
  assert.deepEqual(readForm(form({ income: "" })), { ok: false, errors: { income: "required" } });
  assert.deepEqual(readForm(form({ income: "abc", closeRate: "0", visitsPerDay: "101", avgPremium: "0.5" })), {
    ok: false,
    errors: { income: "number", closeRate: "range", visitsPerDay: "range", avgPremium: "range" },
  });
});

function goalRecord(id: string, fields: Record<string, unknown>): LocalRecord {
  return { collection: "goals", id, fields, stamps: {}, pending: false };
}

test("the month's goal is the agent's record for that month, the last by id when two phones made one", () => {
  const goals = [
    goalRecord("b", { period: "2026-11", owner_id: ME }),
    goalRecord("c", { period: "2026-11", agent_id: ME }),
    goalRecord("a", { period: "2026-11", owner_id: ME }),
    goalRecord("d", { period: "2026-W48", owner_id: ME }),
    goalRecord("e", { period: "2026-11", owner_id: "someone-else" }),
  ];
  assert.equal(monthGoal(goals, ME, "2026-11")?.id, "c");
  assert.equal(monthGoal(goals, ME, "2026-12"), null);
});

test("setting a goal makes a record, or writes only the fields that changed, keeping other targets", () => {
  const r = localGoal(10_000, {}, null, 100);
  const created = goalChange(null, ME, "2026-11", r, () => "new-id");
  assert.deepEqual(created, {
    collection: "goals",
    id: "new-id",
    fields: {
      agent_id: ME,
      period: "2026-11",
      targets: { deal: 4, visit: 80 },
      income_target: 10_000,
      assumptions: { commission_rate: 0.5, avg_premium: 5_000, close_rate: 0.05, visits_per_day: 4 },
    },
  });
  const existing = goalRecord("g1", { owner_id: ME, ...created!.fields, targets: { visit: 80, call: 200, deal: 4 } });
  assert.equal(goalChange(existing, ME, "2026-11", r, () => "unused"), null, "nothing changed");
  const more = localGoal(15_000, {}, null, 100);
  assert.deepEqual(goalChange(existing, ME, "2026-11", more, () => "unused"), {
    collection: "goals",
    id: "g1",
    fields: { targets: { call: 200, deal: 6, visit: 120 }, income_target: 15_000 },
  });
});
