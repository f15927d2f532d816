import assert from "node:assert/strict";
import { test } from "node:test";
import { activity } from "../data/testdata";
import {
  activityFields,
  checkDraft,
  draftKey,
  draftOf,
  newDraft,
  restoreDraft,
  touchedDays,
  typedChanges,
  type ActivityDraft,
  type DraftContext,
} from "./activityDraft";

const SH = "Asia/Shanghai";
// 2026-12-03 20:30 in Shanghai.
const NOW = Date.UTC(2026, 11, 3, 12, 30, 15);
const edit = (over: Partial<DraftContext> = {}): DraftContext => ({ kind: "visit", zone: SH, now: NOW, isNew: false, ...over });
const fresh = (over: Partial<DraftContext> = {}): DraftContext => edit({ isNew: true, ...over });

test("a recorded activity's form shows its time on the team's clock, whatever offset it was written with", () => {
  // Written by a phone in Los Angeles: 16:14 there on the 27th is 08:14 on the 28th in Shanghai.
  const a = activity({ occurredAt: "2026-11-27T16:14:00-08:00", customerId: "c1", outcome: "见了面", premium: null });
  const d = draftOf(a, SH);
  assert.equal(d.when, "2026-11-28T08:14");
  assert.equal(d.who, "c:c1");
  assert.equal(d.outcome, "见了面");
  assert.equal(d.premium, "");
  assert.equal(draftOf(activity({ prospectId: "p9" }), SH).who, "p:p9");
  assert.equal(draftOf(activity({ premium: 5000, kind: "deal" }), SH).premium, "5000");
});

test("an edit sends only the fields that changed", () => {
  const base = draftOf(activity({ occurredAt: "2026-12-03T10:30:00+08:00", customerId: "c1", outcome: "见了面", notes: "喜欢喝茶" }), SH);
  assert.deepEqual(activityFields(base, { ...base }, edit()), {}, "nothing changed, nothing sent");
  assert.deepEqual(activityFields(base, { ...base, outcome: "约到周五" }, edit()), { outcome: "约到周五" });
  assert.deepEqual(activityFields(base, { ...base, outcome: "  见了面 " }, edit()), {}, "spaces around are not a change");
  assert.deepEqual(activityFields(base, { ...base, notes: "" }, edit()), { notes: "" }, "a cleared field is sent empty");
  assert.deepEqual(activityFields(base, { ...base, nextStep: "寄计划书" }, edit()), { next_step: "寄计划书" });
  assert.deepEqual(
    activityFields(base, { ...base, when: "2026-12-02T19:30", outcome: "约到周五" }, edit()),
    { occurred_at: "2026-12-02T19:30:00+08:00", outcome: "约到周五" },
    "the new time is stamped with the team's offset",
  );
});

test("moving an activity to another person clears the other kind of person", () => {
  const withCustomer = draftOf(activity({ customerId: "c1" }), SH);
  assert.deepEqual(activityFields(withCustomer, { ...withCustomer, who: "c:c2" }, edit()), { customer_id: "c2" });
  assert.deepEqual(activityFields(withCustomer, { ...withCustomer, who: "p:p1" }, edit()), { customer_id: null, prospect_id: "p1" });
  assert.deepEqual(activityFields(withCustomer, { ...withCustomer, who: "" }, edit()), { customer_id: null });
  const nobody = draftOf(activity({}), SH);
  assert.deepEqual(activityFields(nobody, { ...nobody, who: "p:p1" }, edit()), { prospect_id: "p1" });
});

test("a deal's premium is sent when it changed, as a number", () => {
  const base = draftOf(activity({ kind: "deal", premium: 5000 }), SH);
  const deal = edit({ kind: "deal" });
  assert.deepEqual(activityFields(base, { ...base, premium: "5000.0" }, deal), {}, "the same amount");
  assert.deepEqual(activityFields(base, { ...base, premium: "8000" }, deal), { premium: 8000 });
});

test("a new record holds its kind, now to the second when the time was left alone, and what was typed", () => {
  const base = newDraft(NOW - 60_000, SH, "c:c1");
  assert.equal(base.when, "2026-12-03T20:29");
  const draft = { ...base, outcome: " 见了面 ", notes: "" };
  assert.deepEqual(activityFields(base, draft, fresh()), {
    kind: "visit",
    occurred_at: "2026-12-03T20:30:15+08:00",
    customer_id: "c1",
    outcome: "见了面",
  });
  assert.deepEqual(activityFields(base, { ...base, when: "2026-12-02T19:30", who: "p:p1" }, fresh({ kind: "call" })), {
    kind: "call",
    occurred_at: "2026-12-02T19:30:00+08:00",
    prospect_id: "p1",
  });
  const deal = newDraft(NOW, SH);
  assert.equal(activityFields(deal, { ...deal, premium: "12000" }, fresh({ kind: "deal" }))["premium"], 12000);
});

test("the time must be a time, from 2000-01-01 to tomorrow in the team's zone, and not later than now", () => {
  const base = newDraft(NOW, SH);
  const at = (when: string, ctx = fresh()) => checkDraft(base, { ...base, when }, ctx);
  assert.equal(at(base.when), null, "left as it opened: now");
  assert.equal(at("2026-12-02T19:30"), null, "last night");
  assert.equal(at("2000-01-01T00:00"), null, "the first day");
  assert.equal(at("1999-12-31T23:59"), "timeRange");
  assert.equal(at(""), "timeBad", "cleared");
  assert.equal(at("2026-13-01T10:00"), "timeBad");
  assert.equal(at("2026-12-03T20:34"), null, "a few minutes ahead (clocks differ)");
  assert.equal(at("2026-12-03T20:40"), "timeFuture", "later tonight has not happened yet");
  assert.equal(at("2026-12-04T09:00"), "timeFuture", "tomorrow is in the range but has not happened");
  assert.equal(at("2026-12-05T09:00"), "timeRange", "after tomorrow");
  // The team's zone decides, not the phone's: 20:30 in Shanghai is 04:30 in Los Angeles.
  const la = newDraft(NOW, "America/Los_Angeles");
  assert.equal(la.when, "2026-12-03T04:30");
  assert.equal(checkDraft(la, { ...la, when: "2026-12-03T10:00" }, fresh({ zone: "America/Los_Angeles" })), "timeFuture");
});

test("an edit checks the time only when it moved, so an old record's notes stay editable", () => {
  const old = draftOf(activity({ occurredAt: "1999-06-01T10:00:00+08:00" }), SH);
  assert.equal(checkDraft(old, { ...old, notes: "补充" }, edit()), null);
  assert.equal(checkDraft(old, { ...old, when: "1999-06-02T10:00" }, edit()), "timeRange");
  assert.equal(checkDraft(old, { ...old, when: "2026-12-01T10:00" }, edit()), null);
});

test("a deal needs a premium above 0 and within the server's limit", () => {
  const base = newDraft(NOW, SH);
  const deal = fresh({ kind: "deal" });
  for (const bad of ["", " ", "0", "-5", "abc", "100000001"]) assert.equal(checkDraft(base, { ...base, premium: bad }, deal), "premium", bad);
  assert.equal(checkDraft(base, { ...base, premium: "5000" }, deal), null);
  assert.equal(checkDraft(base, { ...base }, fresh()), null, "a visit needs none");
});

test("the device's draft is what differs from the form as it opened, and comes back over it", () => {
  const base = newDraft(NOW, SH, "c:c1");
  assert.deepEqual(typedChanges(base, { ...base }), {});
  const typed = typedChanges(base, { ...base, outcome: "半句", who: "p:p2" });
  assert.deepEqual(typed, { who: "p:p2", outcome: "半句" });
  // Reopened an hour later: the time left alone is the new now.
  const later = newDraft(NOW + 3_600_000, SH, "c:c1");
  const back: ActivityDraft = restoreDraft(later, JSON.parse(JSON.stringify(typed)));
  assert.deepEqual(back, { ...later, who: "p:p2", outcome: "半句" });
  assert.deepEqual(restoreDraft(base, null), base);
  assert.deepEqual(restoreDraft(base, { outcome: 5, notes: "ok", other: "x" }), { ...base, notes: "ok" }, "only string fields of a draft");
});

test("drafts are kept per record edited, and per kind and person for new ones", () => {
  assert.equal(draftKey({ activityId: "a1" }), "activity:a1");
  assert.equal(draftKey({ kind: "visit" }), "activity:new:visit");
  assert.equal(draftKey({ kind: "visit", who: "c:c1" }), "activity:new:visit:c:c1");
});

test("a save touches the day the record was on and the day it moves to", () => {
  const base = draftOf(activity({ occurredAt: "2026-12-01T10:00:00+08:00" }), SH);
  assert.deepEqual(touchedDays(base, { ...base, outcome: "x" }, false), ["2026-12-01"]);
  assert.deepEqual(touchedDays(base, { ...base, when: "2026-12-02T09:00" }, false), ["2026-12-01", "2026-12-02"]);
  assert.deepEqual(touchedDays(base, { ...base, when: "" }, false), ["2026-12-01"]);
  const n = newDraft(NOW, SH);
  assert.deepEqual(touchedDays(n, { ...n, when: "2026-12-02T09:00" }, true), ["2026-12-02"]);
});

test("a follow-up date is sent when set or changed, cleared as null, and checked against the server's range", () => {
  const base = draftOf(activity({ occurredAt: "2026-12-03T10:30:00+08:00", customerId: "c1", nextAt: "2026-12-10" }), SH);
  assert.equal(base.nextAt, "2026-12-10");
  assert.deepEqual(activityFields(base, { ...base, nextAt: "2026-12-12" }, edit()), { next_at: "2026-12-12" });
  assert.deepEqual(activityFields(base, { ...base, nextAt: "" }, edit()), { next_at: null });
  const fresh0 = newDraft(NOW, SH, "c:c1");
  assert.equal(activityFields(fresh0, fresh0, fresh())["next_at"], undefined, "a new record without one sends none");
  assert.equal(activityFields(fresh0, { ...fresh0, nextAt: "2026-12-05" }, fresh())["next_at"], "2026-12-05");
  assert.equal(checkDraft(fresh0, { ...fresh0, nextAt: "2027-12-04" }, fresh()), null, "366 days ahead");
  assert.equal(checkDraft(fresh0, { ...fresh0, nextAt: "2027-12-05" }, fresh()), "nextAt");
  assert.equal(checkDraft(fresh0, { ...fresh0, nextAt: "2026-02-30" }, fresh()), "nextAt");
  assert.equal(checkDraft(base, { ...base }, edit({ now: Date.UTC(2028, 0, 1) })), null, "an old date left alone is not checked");
});
