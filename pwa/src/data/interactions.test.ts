import assert from "node:assert/strict";
import { test } from "node:test";
import { countedInteractions, interactionsOf, newestFirst } from "./interactions";
import { activity, customer } from "./testdata";

test("newestFirst compares instants, not the text of times with different offsets", () => {
  const acts = [
    activity({ id: "shanghai-10h", occurredAt: "2026-11-28T10:00:00+08:00" }), // 02:00Z
    activity({ id: "utc-3h", occurredAt: "2026-11-28T03:00:00Z" }),
    activity({ id: "earlier-day", occurredAt: "2026-11-27T23:00:00+08:00" }),
  ];
  assert.deepEqual(
    newestFirst(acts).map((a) => a.id),
    ["utc-3h", "shanghai-10h", "earlier-day"],
  );
});

test("interactionsOf takes the customer's and its prospect's activities, not the name being added", () => {
  const c = customer({ id: "c1", prospectId: "p1" });
  const acts = [
    activity({ id: "visit-c1", customerId: "c1", occurredAt: "2026-11-28T10:00:00+08:00" }),
    activity({ id: "call-p1", kind: "call", prospectId: "p1", occurredAt: "2026-11-20T10:00:00+08:00" }),
    activity({ id: "added-p1", kind: "prospect", prospectId: "p1", occurredAt: "2026-11-01T10:00:00+08:00" }),
    activity({ id: "visit-other", customerId: "c2" }),
    activity({ id: "no-one" }),
  ];
  assert.deepEqual(
    interactionsOf(acts, c).map((a) => a.id),
    ["visit-c1", "call-p1"],
  );
});

test("a customer without a prospect does not collect activities that name no prospect", () => {
  const c = customer({ id: "c1", prospectId: null });
  assert.deepEqual(interactionsOf([activity({ id: "x", prospectId: null, customerId: null })], c), []);
});

test("voided interactions show in the timeline but do not count", () => {
  const list = [activity({ id: "a", voided: true, voidReason: "重复" }), activity({ id: "b" })];
  assert.equal(countedInteractions(list), 1);
});
