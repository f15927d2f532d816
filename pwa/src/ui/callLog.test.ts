import assert from "node:assert/strict";
import { test } from "node:test";
import { CALL_OFFER_MS, callFields, parseCall } from "./callLog";

const now = Date.parse("2026-12-07T10:00:00+08:00");

test("a call tapped a while ago is offered, with whom and when", () => {
  const at = now - 5 * 60_000;
  assert.deepEqual(parseCall(JSON.stringify({ who: "p:abc", at }), now), { who: "p:abc", at });
});

test("a stale, future or malformed note is not offered", () => {
  assert.equal(parseCall(null, now), null);
  assert.equal(parseCall("{", now), null);
  assert.equal(parseCall(JSON.stringify({ who: "p:abc", at: now - CALL_OFFER_MS - 1 }), now), null);
  assert.equal(parseCall(JSON.stringify({ who: "p:abc", at: now + 3_600_000 }), now), null);
  assert.equal(parseCall(JSON.stringify({ who: "abc", at: now }), now), null);
  assert.equal(parseCall(JSON.stringify({ who: "c:x", at: "10:00" }), now), null);
});

test("the call is recorded as a call with the person, at the time it was tapped on the team's clock", () => {
  const at = Date.parse("2026-12-07T01:02:03Z");
  assert.deepEqual(callFields({ who: "c:cust", at }, "Asia/Shanghai"), {
    kind: "call",
    occurred_at: "2026-12-07T09:02:03+08:00",
    customer_id: "cust",
  });
  assert.deepEqual(callFields({ who: "p:pros", at }, "Asia/Shanghai"), {
    kind: "call",
    occurred_at: "2026-12-07T09:02:03+08:00",
    prospect_id: "pros",
  });
});
