import assert from "node:assert/strict";
import { test } from "node:test";
import { memoryStore } from "../../data/testdata";
import { MAX_FOCUS, readFocus, writeFocus } from "./focus";

test("the focus is kept per team and day", () => {
  const s = memoryStore();
  writeFocus(s, "t1", "2026-11-27", "每人今天至少 4 个有效拜访");
  assert.equal(readFocus(s, "t1", "2026-11-27"), "每人今天至少 4 个有效拜访");
  assert.equal(readFocus(s, "t1", "2026-11-28"), "", "another day");
  assert.equal(readFocus(s, "t2", "2026-11-27"), "", "another team");
});

test("an emptied focus is removed; a long one is cut", () => {
  const s = memoryStore();
  writeFocus(s, "t1", "2026-11-27", "转介绍话术");
  writeFocus(s, "t1", "2026-11-27", "  ");
  assert.deepEqual(s.keys(), []);
  writeFocus(s, "t1", "2026-11-27", "字".repeat(MAX_FOCUS + 10));
  assert.equal(readFocus(s, "t1", "2026-11-27").length, MAX_FOCUS);
});

test("the oldest days are dropped beyond the limit, other keys left alone", () => {
  const s = memoryStore();
  s.setItem("fieldbook.lang", "en");
  for (const d of ["2026-11-20", "2026-11-24", "2026-11-21", "2026-11-23", "2026-11-22"]) writeFocus(s, "t1", d, d, 3);
  assert.deepEqual(s.keys(), [
    "fieldbook.lang",
    "fieldbook.meeting-focus.t1.2026-11-22",
    "fieldbook.meeting-focus.t1.2026-11-23",
    "fieldbook.meeting-focus.t1.2026-11-24",
  ]);
});

test("a full or disabled storage loses the focus, never throws", () => {
  const s = memoryStore(true);
  writeFocus(s, "t1", "2026-11-27", "x");
  assert.equal(readFocus(s, "t1", "2026-11-27"), "");
});
