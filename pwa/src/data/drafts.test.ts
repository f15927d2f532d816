import assert from "node:assert/strict";
import { test } from "node:test";
import { memoryStore } from "./testdata";
import { clearDraft, loadDraft, saveDraft } from "./drafts";

test("a draft is kept per user and key until cleared", () => {
  const s = memoryStore();
  assert.equal(loadDraft("u1", "log:2026-12-03", s), null);
  saveDraft("u1", "log:2026-12-03", { summary: "半句" }, s);
  assert.deepEqual(loadDraft("u1", "log:2026-12-03", s), { summary: "半句" });
  assert.equal(loadDraft("u2", "log:2026-12-03", s), null, "another user's phone profile sees nothing");
  clearDraft("u1", "log:2026-12-03", s);
  assert.equal(loadDraft("u1", "log:2026-12-03", s), null);
});
