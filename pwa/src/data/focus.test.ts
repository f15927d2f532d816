import assert from "node:assert/strict";
import { test } from "node:test";
import type { LocalRecord } from "../sync";
import { focusFields, focusId, focusOn, MAX_FOCUS } from "./focus";

const rec = (id: string, fields: Record<string, unknown>, pending = false): LocalRecord =>
  ({ collection: "day_focus", id, fields, stamps: {}, pending }) as LocalRecord;

test("the day's focus is found by its team and date; an empty one is none", () => {
  const recs = [
    rec("x", { date: "2026-12-07", text: "另一队的", team_id: "t2" }),
    rec("a", { date: "2026-12-06", text: "昨天", team_id: "t1" }),
    rec("b", { date: "2026-12-07", text: " 主攻转介绍 ", team_id: "t1" }, true),
    rec("c", { date: "2026-12-08", text: "  ", team_id: "t1" }),
  ];
  assert.deepEqual(focusOn(recs, "t1", "2026-12-07"), { id: "b", day: "2026-12-07", text: "主攻转介绍", pending: true });
  assert.equal(focusOn(recs, "t2", "2026-12-07")?.text, "另一队的");
  assert.equal(focusOn(recs, "t1", "2026-12-08"), null);
  assert.equal(focusOn(recs, "t1", "2026-12-09"), null);
});

test("this phone's unsent focus counts before the server has set its team", () => {
  assert.equal(focusOn([rec("n", { date: "2026-12-07", text: "新的" }, true)], "t1", "2026-12-07")?.text, "新的");
  assert.equal(focusOn([rec("n", { date: "2026-12-07", text: "无队" })], "t1", "2026-12-07"), null);
});

test("a focus is trimmed and cut to the server's limit, in characters", () => {
  assert.deepEqual(focusFields("2026-12-07", "  拜访  "), { date: "2026-12-07", text: "拜访" });
  assert.equal([...(focusFields("2026-12-07", "长".repeat(MAX_FOCUS + 5))["text"] as string)].length, MAX_FOCUS);
});

test("the focus's id is the server's: the name-based UUID of the team and day", async () => {
  // rules.DayFocusID("0192a0b4-2c9e-7a61-9c3e-4b7d2f0e8a11", "2026-12-07") in Go.
  assert.equal(await focusId("0192a0b4-2c9e-7a61-9c3e-4b7d2f0e8a11", "2026-12-07"), GO_ID);
});

const GO_ID = "f11bfd36-c848-5689-8662-eb363b58922e";
