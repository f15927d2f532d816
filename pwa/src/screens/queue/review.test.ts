import assert from "node:assert/strict";
import { test } from "node:test";
import type { LocalRecord, RejectedEntry } from "../../sync/store";
import {
  activitiesByDay,
  approval,
  changedSince,
  dayActivities,
  headline,
  needsSubject,
  nextAfter,
  otherRejections,
  planRows,
  queueOf,
  returning,
  seenVersion,
  staleReviews,
  submittedAt,
  textProblem,
  voiding,
} from "./review";
import { activityOf, countKinds } from "../../data/model";

const ME = "sup";
const ZONE = "Asia/Shanghai";
const stamp = (wall: number, node = "agentphone") => `${String(wall).padStart(13, "0")}-0000-${node}`;

/** A record with every field stamped `at`, except those given in `stamps`. */
function rec(collection: string, id: string, fields: Record<string, unknown>, at = 1000, stamps: Record<string, string> = {}): LocalRecord {
  const all: Record<string, string> = {};
  for (const k of Object.keys(fields)) all[k] = stamps[k] ?? stamp(at);
  return { collection, id, fields, stamps: all, pending: false };
}

function log(id: string, owner: string, date: string, state: string, submitted = 1000, extra: Record<string, unknown> = {}): LocalRecord {
  return rec("day_logs", id, { owner_id: owner, date, state, ...extra }, 500, { state: stamp(submitted) });
}

function act(id: string, owner: string, kind: string, at: string, extra: Record<string, unknown> = {}): LocalRecord {
  return rec("activities", id, { owner_id: owner, kind, occurred_at: at, ...extra });
}

const names = new Map([
  ["a1", "李娜"],
  ["a2", "王强"],
]);

test("the queue holds submitted logs only, oldest day first, then first submitted", () => {
  const logs = [
    log("l1", "a1", "2026-11-28", "submitted", 3000),
    log("l2", "a2", "2026-11-27", "submitted", 5000),
    log("l3", "a2", "2026-11-28", "submitted", 2000),
    log("l4", "a1", "2026-11-26", "approved"),
    log("l5", "a1", "2026-11-25", "draft"),
    log("l6", "a1", "2026-11-24", "returned"),
  ];
  const q = queueOf(logs, names, new Map(), ME);
  assert.deepEqual(
    q.map((i) => i.id),
    ["l2", "l3", "l1"],
  );
  assert.equal(q[0]!.agentName, "王强");
  assert.equal(q[0]!.agentId, "a2");
  assert.equal(q[0]!.submittedAt, 5000);
});

test("amended logs are in the queue and say so", () => {
  const q = queueOf([log("l1", "a1", "2026-11-20", "submitted", 1, { amended: true })], names, new Map(), ME);
  assert.equal(q.length, 1);
  assert.equal(q[0]!.log.amended, true);
});

test("a log without an agent name still queues, and the user's own records do not", () => {
  const q = queueOf(
    [log("l1", "stranger", "2026-11-20", "submitted"), rec("day_logs", "mine", { date: "2026-11-20", state: "submitted" })],
    names,
    new Map(),
    ME,
  );
  assert.deepEqual(
    q.map((i) => [i.id, i.agentName]),
    [["l1", ""]],
  );
});

test("the day's activities are the agent's of that date, voided ones not counted", () => {
  const acts = activitiesByDay(
    [
      act("v1", "a1", "visit", "2026-11-28T15:00:00+08:00"),
      act("v2", "a1", "visit", "2026-11-28T09:00:00+08:00"),
      act("v3", "a1", "visit", "2026-11-28T10:00:00+08:00", { voided: true, void_reason: "重复" }),
      act("v4", "a2", "visit", "2026-11-28T10:00:00+08:00"),
      act("v5", "a1", "visit", "2026-11-27T23:59:00+08:00"),
      act("c1", "a1", "call", "2026-11-28T08:00:00+08:00"),
    ],
    ME,
    ZONE,
  );
  const day = dayActivities(acts, "a1", "2026-11-28");
  assert.deepEqual(
    day.map((a) => a.id),
    ["c1", "v2", "v3", "v1"],
    "in time order",
  );
  const q = queueOf([log("l1", "a1", "2026-11-28", "submitted", 1, { plan: { visit: 4, call: 10 } })], names, acts, ME);
  assert.equal(q[0]!.done.visit, 2);
  assert.equal(q[0]!.done.call, 1);
  assert.deepEqual(dayActivities(acts, "a1", "2026-11-01"), []);
});

test("a day's activities are the team's day, in time order by instant, whatever offset the phone wrote", () => {
  const acts = activitiesByDay(
    [
      act("0920", "a1", "visit", "2026-12-02T17:20:00-08:00"), // 09:20 on the 3rd in Shanghai
      act("0814", "a1", "visit", "2026-12-03T08:14:00+08:00"),
    ],
    ME,
    ZONE,
  );
  assert.deepEqual(
    dayActivities(acts, "a1", "2026-12-03").map((a) => a.id),
    ["0814", "0920"],
  );
  assert.deepEqual(dayActivities(acts, "a1", "2026-12-02"), []);
});

test("the next log after a review is the following one, wrapping, or none", () => {
  const q = queueOf(
    [log("l1", "a1", "2026-11-01", "submitted"), log("l2", "a1", "2026-11-02", "submitted"), log("l3", "a1", "2026-11-03", "submitted")],
    names,
    new Map(),
    ME,
  );
  assert.equal(nextAfter(q, "l1"), "l2");
  assert.equal(nextAfter(q, "l3"), "l1");
  assert.equal(nextAfter(q, "gone"), "l1");
  assert.equal(nextAfter(q.slice(0, 1), "l1"), null);
  assert.equal(nextAfter([], "l1"), null);
});

test("plan rows list what was planned or done, in the guide's order; the headline is visits", () => {
  const done = countKinds([activityOf(act("d", "a1", "deal", "2026-11-28T10:00:00+08:00"), ZONE)]);
  const rows = planRows({ visit: 4, call: 10 }, done);
  assert.deepEqual(rows, [
    { kind: "call", planned: 10, done: 0 },
    { kind: "visit", planned: 4, done: 0 },
    { kind: "deal", planned: undefined, done: 1 },
  ]);
  assert.deepEqual(headline({ visit: 4, call: 10 }, done), { kind: "visit", planned: 4, done: 0 });
  assert.deepEqual(headline({ call: 3 }, countKinds([])), { kind: "call", planned: 3, done: 0 });
  assert.equal(headline({}, countKinds([])), null);
});

test("a visit without a customer or prospect is flagged as not counting", () => {
  assert.equal(needsSubject(activityOf(act("v", "a1", "visit", "2026-11-28T10:00:00+08:00"), ZONE)), true);
  assert.equal(needsSubject(activityOf(act("v", "a1", "visit", "2026-11-28T10:00:00+08:00", { customer_id: "c" }), ZONE)), false);
  assert.equal(needsSubject(activityOf(act("c", "a1", "call", "2026-11-28T10:00:00+08:00"), ZONE)), false);
});

test("a review carries the version of the log as seen: its greatest stamp", () => {
  const r = log("l1", "a1", "2026-11-28", "submitted", 4000, { summary: "ok" });
  r.stamps["summary"] = stamp(9000);
  r.stamps["amended"] = stamp(7000, "server");
  assert.deepEqual(approval(r), { state: "approved", reviewed_version: stamp(9000) });
  assert.deepEqual(returning(r, "  请补充客户原话  "), {
    state: "returned",
    review_comment: "请补充客户原话",
    reviewed_version: stamp(9000),
  });
  assert.deepEqual(voiding(" 重复记录 "), { voided: true, void_reason: "重复记录" });
});

test("a return comment and a void reason are required and bounded", () => {
  assert.equal(textProblem("   ", 10), "required");
  assert.equal(textProblem("写清楚", 10), null);
  assert.equal(textProblem("字".repeat(11), 10), "tooLong");
  assert.equal(textProblem(` ${"字".repeat(10)} `, 10), null);
});

function rejected(key: number, code: string, collection: string, id: string, fields: Record<string, unknown> = {}): RejectedEntry {
  return { key, code, message: "m", rejectedAt: 0, change: { seq: key, collection, id, hlc: stamp(1), fields } };
}

test("stale reviews are found by log; other refusals are kept apart", () => {
  const list = [
    rejected(1, "stale", "day_logs", "l1", { state: "approved", reviewed_version: stamp(5) }),
    rejected(2, "stale", "day_logs", "l1"),
    rejected(3, "forbidden", "day_logs", "l1"),
    rejected(4, "stale", "activities", "x"),
    rejected(5, "stale", "day_logs", "l2"),
  ];
  const stale = staleReviews(list);
  assert.deepEqual(
    stale.get("l1")?.map((r) => r.key),
    [1, 2],
  );
  assert.deepEqual(
    stale.get("l2")?.map((r) => r.key),
    [5],
  );
  assert.equal(stale.has("x"), false);
  assert.deepEqual(
    otherRejections(list, "l1").map((r) => r.key),
    [3],
  );
  assert.equal(seenVersion(list[0]!), stamp(5));
  assert.equal(seenVersion(list[1]!), "");
});

test("what the agent changed after a refused review: their fields newer than the version seen", () => {
  const r = log("l1", "a1", "2026-11-28", "submitted", 8000, { plan: { visit: 4 }, problems: [], summary: "s" });
  r.stamps["problems"] = stamp(8000);
  assert.deepEqual(changedSince(r, stamp(6000)), ["problems"]);
  assert.deepEqual(changedSince(r, stamp(9000)), []);
  assert.deepEqual(changedSince(r, ""), []);
});

test("the time a log was submitted is read from its state stamp", () => {
  assert.equal(submittedAt(log("l", "a", "2026-11-28", "submitted", 1764312345678)), 1764312345678);
  assert.equal(submittedAt(rec("day_logs", "l", { date: "2026-11-28" })), 0);
});
