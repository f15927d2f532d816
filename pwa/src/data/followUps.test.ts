import assert from "node:assert/strict";
import { test } from "node:test";
import { dueFollowUps, nextFollowUps } from "./followUps";
import { activity } from "./testdata";

const TODAY = "2026-12-07";

test("a follow-up is due on its day and after, not before", () => {
  const acts = [
    activity({ id: "a", prospectId: "p1", occurredAt: "2026-12-01T10:00:00+08:00", nextAt: "2026-12-07", outcome: "说下周再谈" }),
    activity({ id: "b", prospectId: "p2", occurredAt: "2026-12-01T11:00:00+08:00", nextAt: "2026-12-03" }),
    activity({ id: "c", customerId: "c1", occurredAt: "2026-12-02T11:00:00+08:00", nextAt: "2026-12-08" }),
  ];
  const due = dueFollowUps(acts, TODAY);
  assert.deepEqual(
    due.map((f) => [f.who, f.due, f.overdue]),
    [
      ["p:p2", "2026-12-03", true],
      ["p:p1", "2026-12-07", false],
    ],
    "the overdue first, the one of tomorrow not yet",
  );
  assert.equal(due[1]!.lastOutcome, "说下周再谈");
});

test("anything recorded with the person later answers the follow-up; a new date sets the next", () => {
  const set = activity({ id: "a", prospectId: "p1", occurredAt: "2026-12-01T10:00:00+08:00", nextAt: "2026-12-05", outcome: "约下周" });
  const answer = activity({ id: "b", prospectId: "p1", occurredAt: "2026-12-07T09:00:00+08:00", kind: "call", outcome: "周五见面" });
  assert.equal(dueFollowUps([set], TODAY).length, 1);
  assert.deepEqual(dueFollowUps([set, answer], TODAY), []);
  const again = { ...answer, nextAt: "2026-12-07" };
  const due = dueFollowUps([set, again], TODAY);
  assert.deepEqual(
    due.map((f) => [f.who, f.due, f.from.id, f.lastOutcome]),
    [["p:p1", "2026-12-07", "b", "周五见面"]],
  );
});

test("a voided activity neither sets nor answers a follow-up; the latest outcome said is kept", () => {
  const set = activity({ id: "a", customerId: "c1", occurredAt: "2026-12-01T10:00:00+08:00", nextAt: "2026-12-05", outcome: "约下周" });
  const voided = activity({ id: "b", customerId: "c1", occurredAt: "2026-12-06T10:00:00+08:00", voided: true });
  const silent = activity({ id: "c", customerId: "c2", occurredAt: "2026-12-06T10:00:00+08:00", nextAt: "2026-12-06" });
  const due = dueFollowUps([set, voided, silent], TODAY);
  assert.deepEqual(
    due.map((f) => [f.who, f.lastOutcome]),
    [
      ["c:c1", "约下周"],
      ["c:c2", ""],
    ],
  );
  assert.deepEqual(dueFollowUps([activity({ id: "x", nextAt: "2026-12-01" })], TODAY), [], "an activity naming nobody has no follow-up");
});

test("the next follow-up of each person, due or ahead", () => {
  const acts = [
    activity({ id: "a", prospectId: "p1", occurredAt: "2026-12-01T10:00:00+08:00", nextAt: "2026-12-20" }),
    activity({ id: "b", prospectId: "p2", occurredAt: "2026-12-01T10:00:00+08:00", nextAt: "2026-12-02" }),
    activity({ id: "c", prospectId: "p2", occurredAt: "2026-12-03T10:00:00+08:00" }),
    activity({ id: "d", prospectId: "p3", occurredAt: "2026-12-03T10:00:00+08:00", nextAt: "2026-12-04" }),
  ];
  assert.deepEqual([...nextFollowUps(acts)].sort(), [
    ["p:p1", "2026-12-20"],
    ["p:p3", "2026-12-04"],
  ]);
});
