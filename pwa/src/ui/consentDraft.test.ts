import assert from "node:assert/strict";
import { test } from "node:test";
import { inPhoneZone } from "../data/testdata";
import { checkConsentDraft, consentInputOf, newConsentDraft, newestNotice, parseNotices, type ConsentContext, type ConsentDraft } from "./consentDraft";

const ZONE = "Asia/Shanghai";
// 2026-11-28 10:30 in Shanghai.
const NOW = Date.parse("2026-11-28T10:30:00+08:00");
const ctx = (over: Partial<ConsentContext> = {}): ConsentContext => ({ action: "given", zone: ZONE, now: NOW, notice: "2026-1", youngChild: false, ...over });
const draft = (over: Partial<ConsentDraft> = {}): ConsentDraft => ({ ...newConsentDraft(["contact"], NOW, ZONE), method: "in_person", ...over });

test("a new form holds the groups asked for and now on the team's clock, whatever the phone's zone", () => {
  const d = inPhoneZone("America/Los_Angeles", () => newConsentDraft(["contact", "health"], NOW, ZONE));
  assert.deepEqual(d, { groups: ["contact", "health"], method: "", when: "2026-11-28T10:30", notice: "", guardian: "" });
});

test("checks: a group, a method, a time the server takes", () => {
  assert.equal(checkConsentDraft(draft(), ctx()), null);
  assert.equal(checkConsentDraft(draft({ groups: [] }), ctx()), "groups");
  assert.equal(checkConsentDraft(draft({ method: "" }), ctx()), "method");
  assert.equal(checkConsentDraft(draft({ when: "2026-11-28" }), ctx()), "timeBad");
  assert.equal(checkConsentDraft(draft({ when: "1999-12-31T23:00" }), ctx()), "timeRange");
  assert.equal(checkConsentDraft(draft({ when: "2026-11-28T10:34" }), ctx()), null, "within the clocks' slack");
  assert.equal(checkConsentDraft(draft({ when: "2026-11-28T11:00" }), ctx()), "timeFuture");
  assert.equal(checkConsentDraft(draft({ when: "2025-03-01T09:00" }), ctx()), null, "a consent given on paper last year");
});

test("a consent given names a notice: the published one, or one typed when none is known", () => {
  assert.equal(checkConsentDraft(draft(), ctx({ notice: null })), "notice");
  assert.equal(checkConsentDraft(draft({ notice: "纸质版 2025-2" }), ctx({ notice: null })), null);
  assert.equal(checkConsentDraft(draft({ notice: "版".repeat(41) }), ctx({ notice: null })), "noticeLong");
  assert.equal(checkConsentDraft(draft(), ctx({ action: "withdrawn", notice: null })), null, "a withdrawal names none");
});

test("a family consent for a child under 14 names the guardian", () => {
  const family = draft({ groups: ["contact", "family"] });
  assert.equal(checkConsentDraft(family, ctx({ youngChild: true })), "guardian");
  assert.equal(checkConsentDraft({ ...family, guardian: "王芳" }, ctx({ youngChild: true })), null);
  assert.equal(checkConsentDraft(family, ctx()), null, "no young child: the guardian may be left out");
  assert.equal(checkConsentDraft({ ...family, guardian: "王".repeat(101) }, ctx()), "guardianLong");
  assert.equal(checkConsentDraft(draft({ groups: ["contact"] }), ctx({ youngChild: true })), null, "only family needs one");
});

test("the recording: the team's offset, the notice shown, the guardian for family only", () => {
  const d = draft({ groups: ["family"], method: "paper", when: "2026-11-27T19:05", guardian: " 王芳 ", notice: "typed" });
  assert.deepEqual(consentInputOf(d, ctx()), {
    groups: ["family"],
    action: "given",
    method: "paper",
    at: "2026-11-27T19:05:00+08:00",
    noticeVersion: "2026-1",
    guardian: "王芳",
  });
  assert.equal(consentInputOf(d, ctx({ notice: null })).noticeVersion, "typed");
  assert.deepEqual(consentInputOf(d, ctx({ action: "withdrawn" })), { groups: ["family"], action: "withdrawn", method: "paper", at: "2026-11-27T19:05:00+08:00" });
});

test("the notices: the newest by publication, whatever the order; null for an answer of another shape", () => {
  const raw = {
    notices: [
      { version: "2026-2", published_at: "2026-06-01T00:00:00Z", text: "…" },
      { version: "2026-1", published_at: "2026-01-01T00:00:00Z", text: "…" },
      { version: " ", published_at: "2026-12-01T00:00:00Z" },
    ],
  };
  const list = parseNotices(raw);
  assert.deepEqual(list?.map((n) => n.version), ["2026-2", "2026-1"]);
  assert.equal(newestNotice(list)?.version, "2026-2");
  assert.equal(newestNotice(parseNotices({ notices: [] })), null);
  assert.equal(parseNotices({ error: "x" }), null);
  assert.equal(newestNotice(null), null);
});
