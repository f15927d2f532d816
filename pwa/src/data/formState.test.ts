import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { customerChanges, customerDraft, EMPTY_CUSTOMER, type CustomerDraft } from "../screens/customers/draft";
import { changedLogFields, type LogDraft } from "../screens/log/draft";
import {
  discarded,
  edit,
  editedParts,
  isDirty,
  partsOf,
  rebase,
  resolve,
  restoreForm,
  saved,
  startForm,
  type FormState,
  type Linked,
} from "./formState";
import type { DayLog } from "./model";
import { customer } from "./testdata";

interface Note {
  title: string;
  body: string;
  tags: string[];
}

const v1: Note = { title: "拜访王五", body: "第一版", tags: ["a"] };

/** A form opened on v1 with the given edits typed. */
function typed(edits: Partial<Note>): FormState<Note> {
  let s = startForm(v1);
  for (const [k, v] of Object.entries(edits)) s = edit(s, k as keyof Note, v as never);
  return s;
}

describe("merging a newer version into a form", () => {
  test("an untouched form simply shows the newer version", () => {
    const v2 = { title: "拜访王五（改）", body: "第二版", tags: ["a", "b"] };
    const s = rebase(startForm(v1), v2);
    assert.deepEqual(s, { base: v2, local: v2, conflicts: [] });
    assert.equal(isDirty(s), false);
  });

  test("fields the user did not touch take the new values; the user's edits stay", () => {
    const s = rebase(typed({ body: "我写的" }), { ...v1, title: "别处改的标题" });
    assert.deepEqual(s.local, { ...v1, title: "别处改的标题", body: "我写的" });
    assert.deepEqual(s.conflicts, []);
    assert.deepEqual(editedParts(s), ["body"], "only the user's field differs from the newest version");
  });

  test("a field both changed alike is no conflict", () => {
    const s = rebase(typed({ body: "一样" }), { ...v1, body: "一样" });
    assert.deepEqual(s.conflicts, []);
    assert.equal(isDirty(s), false);
  });

  test("a field both changed differently keeps the user's text and shows theirs as the base", () => {
    const s = rebase(typed({ body: "我写的" }), { ...v1, body: "另一处写的" });
    assert.equal(s.local.body, "我写的");
    assert.equal(s.base.body, "另一处写的");
    assert.deepEqual(s.conflicts, ["body"]);
    assert.equal(isDirty(s), true);
  });

  test("arrays and objects compare by content", () => {
    const s = rebase(typed({ tags: ["a"] }), { ...v1, tags: ["a"] });
    assert.equal(isDirty(s), false);
    const t = rebase(typed({ tags: ["a", "mine"] }), { ...v1, tags: ["theirs"] });
    assert.deepEqual(t.conflicts, ["tags"]);
  });

  test("a conflict stays through a later version that does not touch it, and follows one that does", () => {
    let s = rebase(typed({ body: "我写的" }), { ...v1, body: "第二版" });
    s = rebase(s, { ...s.base, title: "第三版的标题" });
    assert.deepEqual(s.conflicts, ["body"]);
    assert.equal(s.base.body, "第二版");
    assert.equal(s.local.title, "第三版的标题");
    s = rebase(s, { ...s.base, body: "第四版" });
    assert.deepEqual(s.conflicts, ["body"]);
    assert.equal(s.base.body, "第四版", "the newest other version is shown");
    assert.equal(s.local.body, "我写的");
    s = rebase(s, { ...s.base, body: "我写的" });
    assert.deepEqual(s.conflicts, [], "the other place came round to the user's text");
  });

  test("merging is the same whatever the field order of the versions", () => {
    const remote = { tags: ["z"], body: "另一处", title: "另一处的标题" };
    const s = rebase(typed({ body: "我写的" }), remote);
    assert.deepEqual(s.local, { title: "另一处的标题", body: "我写的", tags: ["z"] });
  });
});

describe("settling a conflict", () => {
  const conflicted = () => rebase(typed({ body: "我写的", title: "我的标题" }), { ...v1, body: "另一处写的" });

  test("use that: the field takes the other version and is no longer the user's edit", () => {
    const s = resolve(conflicted(), "body", "theirs");
    assert.equal(s.local.body, "另一处写的");
    assert.deepEqual(s.conflicts, []);
    assert.deepEqual(editedParts(s), ["title"]);
  });

  test("keep mine: the user's text stays, to be saved over the other version", () => {
    const s = resolve(conflicted(), "body", "mine");
    assert.equal(s.local.body, "我写的");
    assert.deepEqual(s.conflicts, []);
    assert.deepEqual(editedParts(s), ["title", "body"]);
  });

  test("typing the other version's text ends the conflict", () => {
    const s = edit(conflicted(), "body", "另一处写的");
    assert.deepEqual(s.conflicts, []);
  });

  test("typing on keeps the conflict", () => {
    const s = edit(conflicted(), "body", "我写的，还有");
    assert.deepEqual(s.conflicts, ["body"]);
  });

  test("saving or discarding ends every conflict", () => {
    const c = conflicted();
    assert.deepEqual(saved(c), { base: c.local, local: c.local, conflicts: [] });
    assert.deepEqual(discarded(c), { base: c.base, local: c.base, conflicts: [] });
    assert.equal(isDirty(discarded(c)), false);
  });
});

describe("linked fields", () => {
  const LINKED: Linked<CustomerDraft> = [
    ["spouse", "noSpouse"],
    ["children", "noChildren"],
  ];
  const v1c = customerDraft(customer({ spouse: "李梅" }));

  test("are one part, named by the first", () => {
    const parts = partsOf(EMPTY_CUSTOMER, LINKED).map((p) => p.join("+"));
    assert.ok(parts.includes("spouse+noSpouse"));
    assert.ok(!parts.includes("noSpouse"));
    assert.equal(parts.length, Object.keys(EMPTY_CUSTOMER).length - 2);
  });

  test("an edit of one and a change of the other elsewhere clash, instead of hiding the user's text", () => {
    // The user corrects the spouse's name; the other phone says "no spouse".
    const s = rebase(edit(startForm(v1c), "spouse", "李玫", LINKED), { ...v1c, spouse: "", noSpouse: true }, LINKED);
    assert.deepEqual(s.conflicts, ["spouse"]);
    assert.equal(s.local.spouse, "李玫");
    assert.equal(s.local.noSpouse, false, "the user's spouse field stays shown");
    const theirs = resolve(s, "spouse", "theirs", LINKED);
    assert.equal(theirs.local.noSpouse, true);
    assert.equal(theirs.local.spouse, "");
  });
});

describe("what a save sends after a merge", () => {
  test("only the user's fields: an untouched field changed elsewhere is not sent back stale", () => {
    const v1c = customerDraft(customer({ occupation: "教师", notes: "" }));
    const typedNotes = edit(startForm(v1c), "notes", "周五再联系");
    const v2c = { ...v1c, occupation: "校长" }; // changed on the other phone
    const s = rebase(typedNotes, v2c);
    assert.deepEqual(customerChanges(s.base, s.local), { notes: "周五再联系" });
    // Without the merge, the form's old base would have sent the old occupation too.
    assert.deepEqual(customerChanges(v2c, typedNotes.local), { occupation: "教师", notes: "周五再联系" });
  });

  test("a kept conflict is sent, a taken one is not", () => {
    const v1c = customerDraft(customer({ notes: "旧" }));
    const s = rebase(edit(startForm(v1c), "notes", "我的"), { ...v1c, notes: "他们的" });
    assert.deepEqual(customerChanges(s.base, resolve(s, "notes", "mine").local), { notes: "我的" });
    assert.deepEqual(customerChanges(s.base, resolve(s, "notes", "theirs").local), {});
  });

  test("the work log: the summary typed here, the plan from the other tab", () => {
    const log = { plan: { visit: 2 }, problems: [], summary: "" };
    const typedLog = edit(startForm<LogDraft>(log), "summary", "B 写的总结");
    const s = rebase(typedLog, { ...log, plan: { visit: 4 } });
    assert.deepEqual(s.local, { plan: { visit: 4 }, problems: [], summary: "B 写的总结" });
    const stored: DayLog = { id: "l1", date: "2026-12-03", state: "draft", reviewComment: "", amended: false, pending: false, ...s.base };
    assert.deepEqual(changedLogFields(stored, s.local), { summary: "B 写的总结" });
  });
});

describe("a draft kept on the device", () => {
  test("comes back as it was kept", () => {
    const s = rebase(typed({ body: "我写的" }), { ...v1, body: "另一处写的" });
    assert.deepEqual(restoreForm(JSON.parse(JSON.stringify(s)), v1), s);
  });

  test("is fitted to the form's fields: unknown ones dropped, missing or mistyped ones from the record", () => {
    const stored = {
      base: { title: 7, body: "旧", extra: true },
      local: { body: "半句", tags: "not a list" },
      conflicts: ["body", "gone", 3],
    };
    assert.deepEqual(restoreForm(stored, v1), {
      base: { ...v1, body: "旧" },
      local: { ...v1, body: "半句" },
      conflicts: ["body"],
    });
  });

  test("nothing readable is no draft", () => {
    for (const junk of [null, 3, "draft", undefined]) assert.equal(restoreForm(junk, v1), null);
  });
});
