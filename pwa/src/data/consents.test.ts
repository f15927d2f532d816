import assert from "node:assert/strict";
import { test } from "node:test";
import {
  consentChanges,
  consentNeeded,
  consentOf,
  consentState,
  copiedConsents,
  groupOf,
  hasYoungChild,
  NO_CONSENT,
  withdrawalClears,
  type ConsentState,
} from "./consents";
import { consent } from "./testdata";

const states = (s: ConsentState) => Object.fromEntries(Object.entries(s).map(([g, c]) => [g, c.state]));
const ids = () => {
  let n = 0;
  return () => `k${++n}`;
};

test("a subject's state per group is its latest event by time, whatever the order the events come in", () => {
  const events = [
    consent("z", { group: "contact", action: "withdrawn", at: "2026-11-28T09:00:00+08:00" }),
    consent("a", { group: "contact", action: "given", at: "2026-11-28T10:00:00+08:00" }),
    consent("b", { group: "health", action: "given", at: "2026-11-20T10:00:00+08:00" }),
    consent("c", { group: "health", action: "withdrawn", at: "2026-11-21T10:00:00+08:00" }),
    // Other subjects, and a prospect with the same id, count for nothing here.
    consent("d", { group: "income", subject_id: "c2" }),
    consent("e", { group: "income", subject: "prospects" }),
  ];
  const s = consentState(events, "customers", "c1");
  assert.deepEqual(states(s), { contact: "given", health: "withdrawn", income: "none", family: "none" });
  assert.equal(s.contact.latest?.id, "a", "given at 10:00 comes after withdrawn at 09:00, though listed after it");
  assert.equal(consentState([...events].reverse(), "customers", "c1").contact.latest?.id, "a");
  assert.deepEqual(states(consentState(events, "prospects", "c1")), { contact: "none", health: "none", income: "given", family: "none" });
});

test("times compare as instants, whatever their offset; a tie goes to the greater id; an unreadable time is the earliest", () => {
  // 10:30 in Shanghai is 02:30 UTC: the withdrawal at 03:00Z is later.
  const offsets = [consent("b", { at: "2026-11-28T10:30:00+08:00" }), consent("a", { action: "withdrawn", at: "2026-11-28T03:00:00Z" })];
  assert.equal(consentState(offsets, "customers", "c1").contact.state, "withdrawn");
  const tie = [consent("b", { action: "withdrawn" }), consent("a"), consent("c")];
  assert.equal(consentState(tie, "customers", "c1").contact.latest?.id, "c");
  const sameInstant = [consent("b", { action: "withdrawn", at: "2026-11-28T02:30:00Z" }), consent("a")];
  assert.equal(consentState(sameInstant, "customers", "c1").contact.state, "withdrawn", "02:30Z is 10:30+08:00: b wins by id");
  const unreadable = [consent("z", { at: "yesterday" }), consent("a", { action: "withdrawn" })];
  assert.equal(consentState(unreadable, "customers", "c1").contact.state, "withdrawn");
});

test("a record that is not an event (no group, no action) is left out", () => {
  const bad = [consent("a", { group: "shoe size" }), consent("b", { action: "maybe" })];
  assert.deepEqual(states(consentState(bad, "customers", "c1")), states(NO_CONSENT));
});

test("the fields of each group, per subject", () => {
  assert.equal(groupOf("customers", "phone"), "contact");
  assert.equal(groupOf("customers", "needs"), "health");
  assert.equal(groupOf("customers", "income_band"), "income");
  assert.equal(groupOf("customers", "spouse"), "family");
  assert.equal(groupOf("customers", "children"), "family");
  assert.equal(groupOf("prospects", "need_score"), "health");
  assert.equal(groupOf("prospects", "wealth_score"), "income");
  for (const free of ["name", "age", "occupation", "notes", "trust_score", "grade", "stage"]) {
    assert.equal(groupOf("customers", free) ?? groupOf("prospects", free), null, free);
  }
});

test("consentNeeded: the groups a change writes without consent; clearing needs none", () => {
  const given = consentState([consent("a", { group: "contact" })], "customers", "c1");
  assert.equal(consentNeeded("customers", { name: "王芳", phone: "138" }, given), null);
  assert.equal(consentNeeded("customers", { phone: null, needs: null, income_band: null }, NO_CONSENT), null, "clearing");
  assert.deepEqual(consentNeeded("customers", { needs: ["health"], phone: "138", spouse: "" }, given), {
    groups: ["health", "family"],
    guardian: false,
  });
  const withdrawn = consentState([consent("a"), consent("b", { action: "withdrawn", at: "2026-11-29T10:00:00+08:00" })], "customers", "c1");
  assert.deepEqual(consentNeeded("customers", { phone: "138" }, withdrawn), { groups: ["contact"], guardian: false });
  assert.deepEqual(consentNeeded("prospects", { need_score: 9, trust_score: 9 }, NO_CONSENT), { groups: ["health"], guardian: false });
});

test("a child under 14 needs a family consent that names the guardian", () => {
  const family = consentState([consent("a", { group: "family" })], "customers", "c1");
  const withGuardian = consentState([consent("a", { group: "family", guardian: "王芳" })], "customers", "c1");
  assert.deepEqual(consentNeeded("customers", { children: [{ name: "小明", age: 8 }] }, family), { groups: [], guardian: true });
  assert.equal(consentNeeded("customers", { children: [{ name: "小明", age: 8 }] }, withGuardian), null);
  assert.equal(consentNeeded("customers", { children: [{ name: "大明", age: 14 }, { name: "未知" }] }, family), null);
  assert.deepEqual(consentNeeded("customers", { children: [{ age: 3 }] }, NO_CONSENT), { groups: ["family"], guardian: false });
  assert.ok(hasYoungChild([{ age: 13 }]));
  assert.ok(!hasYoungChild([{ age: 14 }, {}]));
  assert.ok(!hasYoungChild(null));
});

test("consentChanges writes one new record per group; the notice and the guardian only where they belong", () => {
  const at = "2026-11-28T10:30:00+08:00";
  const given = consentChanges(
    "customers",
    "c1",
    { groups: ["contact", "family"], action: "given", method: "paper", at, noticeVersion: " 2026-1 ", guardian: " 王芳 " },
    ids(),
  );
  assert.deepEqual(given, [
    { collection: "consents", id: "k1", fields: { subject: "customers", subject_id: "c1", group: "contact", action: "given", method: "paper", at, notice_version: "2026-1" } },
    {
      collection: "consents",
      id: "k2",
      fields: { subject: "customers", subject_id: "c1", group: "family", action: "given", method: "paper", at, notice_version: "2026-1", guardian: "王芳" },
    },
  ]);
  const withdrawn = consentChanges("prospects", "p1", { groups: ["health"], action: "withdrawn", method: "in_person", at, noticeVersion: "2026-1", guardian: "x" }, ids());
  assert.deepEqual(withdrawn[0]?.fields, { subject: "prospects", subject_id: "p1", group: "health", action: "withdrawn", method: "in_person", at });
  // Read back, each is the event it records.
  const back = consentOf({ collection: "consents", id: "k2", fields: given[1]!.fields, stamps: {}, pending: true });
  assert.deepEqual([back.group, back.action, back.guardian, back.noticeVersion, back.atMs], ["family", "given", "王芳", "2026-1", Date.parse(at)]);
});

test("withdrawalClears sets the group's fields that hold a value to null", () => {
  assert.deepEqual(withdrawalClears("customers", "family", { name: "王芳", spouse: "李明", children: null, phone: "1" }), { spouse: null });
  assert.deepEqual(withdrawalClears("customers", "contact", { phone: "138" }), { phone: null });
  assert.deepEqual(withdrawalClears("prospects", "income", { wealth_score: 0 }), { wealth_score: null });
  assert.deepEqual(withdrawalClears("prospects", "family", { name: "x" }), {});
});

test("a conversion copies the prospect's given consents to the customer as they were given", () => {
  const events = [
    consent("a", { subject: "prospects", subject_id: "p1", group: "contact", method: "e_signature", at: "2026-11-01T09:00:00+08:00", notice_version: "v3" }),
    consent("b", { subject: "prospects", subject_id: "p1", group: "health" }),
    consent("c", { subject: "prospects", subject_id: "p1", group: "health", action: "withdrawn", at: "2026-11-29T09:00:00+08:00" }),
    consent("d", { subject: "prospects", subject_id: "p1", group: "family", guardian: "李总" }),
  ];
  const copied = copiedConsents(consentState(events, "prospects", "p1"), "c9", ids());
  assert.deepEqual(
    copied.map((c) => c.fields),
    [
      { subject: "customers", subject_id: "c9", group: "contact", action: "given", method: "e_signature", at: "2026-11-01T09:00:00+08:00", notice_version: "v3" },
      { subject: "customers", subject_id: "c9", group: "family", action: "given", method: "in_person", at: "2026-11-28T10:30:00+08:00", notice_version: "2026-1", guardian: "李总" },
    ],
  );
  assert.deepEqual(copiedConsents(NO_CONSENT, "c9", ids()), []);
});
