import assert from "node:assert/strict";
import { test } from "node:test";
import { consentState, NO_CONSENT } from "../../data/consents";
import { consent, prospect } from "../../data/testdata";
import {
  checkProspect,
  conversionChanges,
  EMPTY_PROSPECT,
  newProspectChanges,
  prospectChanges,
  prospectDraft,
  type ProspectDraft,
} from "./draft";

const edit = (d: ProspectDraft, over: Partial<ProspectDraft>): ProspectDraft => ({ ...d, ...over });

test("adding a name writes the prospect and its 获客 activity together", () => {
  const d = edit(EMPTY_PROSPECT, { name: " 李总 ", source: "referral", referrer: "张姐", grade: "A", need: "9", wealth: "0" });
  assert.deepEqual(newProspectChanges(prospectChanges(EMPTY_PROSPECT, d), { prospect: "p1", activity: "a1" }, "2026-11-28T10:30:00+08:00"), [
    {
      collection: "prospects",
      id: "p1",
      fields: { name: "李总", source: "referral", referrer: "张姐", grade: "A", need_score: 9, wealth_score: 0, stage: "new" },
    },
    {
      collection: "activities",
      id: "a1",
      fields: { kind: "prospect", occurred_at: "2026-11-28T10:30:00+08:00", prospect_id: "p1" },
    },
  ]);
});

test("an edit writes only the fields that changed", () => {
  const base = prospectDraft(
    prospect({ name: "李总", phone: "13800138000", source: "referral", referrer: "张姐", grade: "B", need: 7, wealth: 8, trust: 6 }),
  );
  assert.deepEqual(prospectChanges(base, base), {});
  assert.deepEqual(prospectChanges(base, edit(base, { grade: "A", trust: "8" })), { grade: "A", trust_score: 8 });
  assert.deepEqual(prospectChanges(base, edit(base, { need: "" })), { need_score: null }, "clearing a score sends null");
  assert.deepEqual(prospectChanges(base, edit(base, { phone: " 13800138000 " })), {}, "spaces around are not a change");
  assert.deepEqual(
    prospectChanges(base, edit(base, { source: "other" })),
    { source: "other", referrer: null },
    "another list has no referrer",
  );
});

test("checkProspect applies the server's limits", () => {
  const codes = (d: ProspectDraft) => Object.fromEntries(Object.entries(checkProspect(d)).map(([k, p]) => [k, p.code]));
  assert.deepEqual(codes(edit(EMPTY_PROSPECT, { name: "李总" })), {});
  assert.deepEqual(codes(edit(EMPTY_PROSPECT, { name: " ", phone: "x", need: "11", notes: "a".repeat(8001) })), {
    name: "required",
    phone: "phone",
    need: "range",
    notes: "tooLong",
  });
  assert.deepEqual(
    codes(edit(EMPTY_PROSPECT, { name: "李总", source: "other", referrer: "x".repeat(101) })),
    {},
    "a referrer that will not be saved is not checked",
  );
});

const ids = () => {
  let n = 0;
  return () => `k${++n}`;
};

test("conversion creates the file from the prospect and links the prospect to it", () => {
  const p = prospect({ id: "p1", name: "李总", phone: "13800138000", notes: "喜欢打高尔夫" });
  const contact = consentState([consent("e1", { subject: "prospects", subject_id: "p1", group: "contact" })], "prospects", "p1");
  const changes = conversionChanges(p, "c1", contact, ids());
  assert.deepEqual(changes.slice(1), [
    { collection: "customers", id: "c1", fields: { name: "李总", prospect_id: "p1", phone: "13800138000", notes: "喜欢打高尔夫" } },
    { collection: "prospects", id: "p1", fields: { customer_id: "c1" } },
  ]);
  assert.deepEqual(conversionChanges(prospect({ id: "p2", name: "王五" }), "c2", NO_CONSENT, ids())[0]?.fields, { name: "王五", prospect_id: "p2" });
});

test("conversion records the prospect's given consents for the customer first, and carries the phone only with consent to contact", () => {
  const p = prospect({ id: "p1", name: "李总", phone: "13800138000" });
  const events = [
    consent("e1", { subject: "prospects", subject_id: "p1", group: "contact", method: "paper", at: "2026-11-02T09:00:00+08:00", notice_version: "v2" }),
    consent("e2", { subject: "prospects", subject_id: "p1", group: "income", action: "withdrawn" }),
  ];
  const changes = conversionChanges(p, "c1", consentState(events, "prospects", "p1"), ids());
  assert.deepEqual(changes[0], {
    collection: "consents",
    id: "k1",
    fields: { subject: "customers", subject_id: "c1", group: "contact", action: "given", method: "paper", at: "2026-11-02T09:00:00+08:00", notice_version: "v2" },
  });
  assert.deepEqual(changes.map((c) => c.collection), ["consents", "customers", "prospects"], "the withdrawn income consent is not copied");
  assert.equal(changes[1]?.fields["phone"], "13800138000");

  // A phone written before consent was asked for (or since withdrawn) stays on the name only.
  const none = conversionChanges(p, "c1", NO_CONSENT, ids());
  assert.deepEqual(none.map((c) => c.collection), ["customers", "prospects"]);
  assert.deepEqual(none[0]?.fields, { name: "李总", prospect_id: "p1" });
});
