import assert from "node:assert/strict";
import { test } from "node:test";
import type { DayLog } from "../../data/model";
import { changedLogFields } from "./draft";

const stored: DayLog = {
  id: "l1",
  date: "2026-11-27",
  plan: { visit: 4, call: 10 },
  problems: [{ tag: "objection_handling", text: "claims question" }],
  summary: "good day",
  state: "approved",
  reviewComment: "",
  amended: false,
  pending: false,
};

test("a new log sends what was filled in, nothing empty", () => {
  assert.deepEqual(changedLogFields(null, { plan: {}, problems: [{ tag: "other", text: "  " }], summary: " " }), {});
  assert.deepEqual(changedLogFields(null, { plan: { visit: 4 }, problems: [{ tag: "other", text: " x " }], summary: "s" }), {
    plan: { visit: 4 },
    problems: [{ tag: "other", text: "x" }],
    summary: "s",
  });
});

test("an unchanged log sends nothing, whatever the key order of the plan", () => {
  assert.deepEqual(
    changedLogFields(stored, { plan: { call: 10, visit: 4 }, problems: [...stored.problems], summary: "good day " }),
    {},
  );
});

test("only the changed fields are sent", () => {
  assert.deepEqual(changedLogFields(stored, { plan: { visit: 5, call: 10 }, problems: stored.problems, summary: "good day" }), {
    plan: { visit: 5, call: 10 },
  });
  assert.deepEqual(changedLogFields(stored, { plan: stored.plan, problems: [], summary: "good day" }), { problems: [] });
});
