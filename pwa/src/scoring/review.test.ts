import assert from "node:assert/strict";
import { test } from "node:test";
import { parseReview } from "./review";

// An answer of GET /api/reviews/agent as the demo server gives it, trimmed.
const ANSWER = {
  agent_id: "a1",
  name: "张晓雨",
  team_id: "t1",
  review: {
    month: "2026-11",
    score: 35,
    band: "coaching",
    targets: [{ kind: "visit", target: 80, actual: 27, rate: 0.3375 }],
    visit_completion: 0.3375,
    rates: { appointment_success: 0.1168, close_rate: 0.1111, avg_premium: null },
    close_rate_trend: [
      { month: "2026-09", rate: null },
      { month: "2026-11", rate: 0.1111 },
    ],
    total_premium: 13600,
    completeness: { complete: 14, total: 24, rate: 0.5833, gaps: [{ customer_id: "c1", name: "何秀英", missing: ["occupation", "family"] }] },
    pending_days: 2,
    awards: [{ kind: "streak", amount: 50, day: "2026-11-07" }],
    alerts: [{ code: "phone_skills", focus: "appointment_script", message: "约访…", message_en: "Appointment…" }],
  },
  weeks: [],
  team: { agents: 5, visits_per_day: 3.2, close_rate: 0.08, avg_premium: 6000, score: 61.5, benchmark: { visits_per_day: 20, close_rate: 0.08 } },
};

test("a review answer is read with its nulls kept as unknown", () => {
  const r = parseReview(ANSWER);
  assert.ok(r);
  assert.equal(r.month, "2026-11");
  assert.deepEqual(r.targets, [{ kind: "visit", target: 80, actual: 27, rate: 0.3375 }]);
  assert.equal(r.avgPremium, null);
  assert.deepEqual(r.closeRateTrend[0], { month: "2026-09", rate: null });
  assert.deepEqual(r.files.gaps, [{ customerId: "c1", name: "何秀英", missing: ["occupation", "family"] }]);
  assert.deepEqual(r.awards, [{ kind: "streak", amount: 50, day: "2026-11-07" }]);
  assert.deepEqual(r.alerts[0], { code: "phone_skills", focus: "appointment_script", message: "约访…", messageEn: "Appointment…" });
  assert.deepEqual(r.team?.benchmark, { visitsPerDay: 20, closeRate: 0.08 });
});

test("a review without the team's figures or files still reads", () => {
  const r = parseReview({ review: { month: "2026-11", completeness: { complete: 0, total: 0, rate: null } }, team: null });
  assert.ok(r);
  assert.equal(r.team, null);
  assert.deepEqual(r.files, { complete: 0, total: 0, rate: null, gaps: [] });
  assert.deepEqual(r.alerts, []);
});

test("anything that is not a review is refused", () => {
  for (const v of [undefined, null, "x", [], {}, { review: {} }, { error: { code: "forbidden" } }]) {
    assert.equal(parseReview(v), null, JSON.stringify(v));
  }
});
