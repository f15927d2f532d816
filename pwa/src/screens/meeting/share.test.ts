import assert from "node:assert/strict";
import { test } from "node:test";
import { lang } from "../../i18n";
import { weekPeriod } from "../../scoring/period";
import type { StandingRow } from "../../scoring/standings";
import type { NumbersLine } from "./board";
import { morningShareName, morningShareTable, weeklyShareName, weeklyShareTable } from "./share";

function row(agentId: string, name: string, rank: number, score: number): StandingRow {
  return { agentId, name, rank, score, band: "", visits: rank * 3, deals: 1, awards: [], pendingCounts: {}, pendingDays: 0 };
}

const rows = [row("a", "李娜", 1, 92), row("b", "王强", 2, 75), row("c", "赵敏", 3, 40)];
const week = weekPeriod("2026-12-07");

test("the image names the agents when the team shows names", () => {
  lang.value = "zh-CN";
  const t = weeklyShareTable(week, "一队", rows, "show", Date.UTC(2026, 11, 7, 8));
  assert.equal(t.title, "一队 · 周100分表排名");
  assert.deepEqual(t.rows.map((r) => r.cells[1]), ["李娜", "王强", "赵敏"]);
  assert.deepEqual(t.rows[0]!.cells, ["1", "李娜", "92", t.rows[0]!.cells[3], "3", "1"]);
  assert.equal(t.columns.reduce((sum, c) => sum + c.share, 0).toFixed(6), "1.000000");
  assert.ok(!t.note.includes("不显示姓名"));
});

test("hidden and neighbours both post no names: nobody is being discussed in a chat group", () => {
  for (const mode of ["hide", "neighbours"] as const) {
    const t = weeklyShareTable(week, "一队", rows, mode, 0);
    assert.deepEqual(t.rows.map((r) => r.cells[1]), ["1号", "2号", "3号"], mode);
    assert.ok(t.note.includes("不显示姓名"), mode);
  }
  lang.value = "en";
  assert.deepEqual(weeklyShareTable(week, "", rows, "hide", 0).rows.map((r) => r.cells[1]), ["No. 1", "No. 2", "No. 3"]);
  lang.value = "zh-CN";
});

test("the file is named for the week's first day", () => {
  assert.equal(weeklyShareName(week), `standings-${week.start}.png`);
});

test("the morning image: the focus in large type, each agent's numbers in the week's order, names as the team allows", () => {
  lang.value = "zh-CN";
  const line = (agentId: string, visit: number): NumbersLine => ({ agentId, counts: { visit, deal: 1 }, state: "approved", pendingDays: 0, pending: {}, amendedDays: 0 });
  const m = {
    teamName: "一队",
    heading: "12月4日 周五 审批通过的数据",
    focus: "每人至少 4 个有效拜访",
    ranked: rows,
    lines: [line("a", 5), line("b", 3), line("c", 0)],
    kinds: ["visit", "deal"],
    note: (l: NumbersLine) => (l.agentId === "c" ? "无日志" : ""),
    mode: "show" as const,
    now: 0,
  };
  const t = morningShareTable(m);
  assert.equal(t.title, "一队 · 晨会");
  assert.equal(t.lead, "今日重点：每人至少 4 个有效拜访");
  assert.equal(t.who, 0);
  assert.deepEqual(t.rows.map((r) => r.cells), [["李娜", "5", "1", ""], ["王强", "3", "1", ""], ["赵敏", "0", "1", "无日志"]]);
  assert.equal(t.columns.reduce((sum, c) => sum + c.share, 0).toFixed(6), "1.000000");
  assert.deepEqual(morningShareTable({ ...m, mode: "neighbours", focus: "" }).rows.map((r) => r.cells[0]), ["1号", "2号", "3号"]);
  assert.equal(morningShareTable({ ...m, focus: "" }).lead, "", "no focus written: no lead line");
  assert.equal(morningShareName("2026-12-07"), "morning-2026-12-07.png");
});
