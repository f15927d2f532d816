import assert from "node:assert/strict";
import { test } from "node:test";
import { member, team } from "../../data/testdata";
import { notSubmitted, waitingCount, type LogView } from "./submissions";

const day = "2026-11-27";

test("not submitted: active agents without a submitted or approved log that day, draft and returned ones named", () => {
  const agents = [...team, member("d", "陈思思"), member("x", "离职", "agent", false)];
  const logs: LogView[] = [
    { owner: "a", date: day, state: "approved" },
    { owner: "b", date: day, state: "draft" },
    { owner: "c", date: "2026-11-26", state: "submitted" },
    { owner: "d", date: day, state: "returned" },
    { owner: "s", date: day, state: "draft" },
  ];
  const got = notSubmitted(agents, logs, day);
  assert.deepEqual(
    got.map((m) => [m.agent.id, m.state]),
    [
      ["d", "returned"], // 陈思思, by pinyin
      ["b", "draft"], // 王强
      ["c", null], // 张晓雨
    ],
  );
  assert.ok(!got.some((m) => m.agent.id === "x" || m.agent.id === "s"), "inactive agents and the supervisor are not asked");
});

test("a submitted log counts as handed in even beside a stray draft", () => {
  const got = notSubmitted([team[0]!], [{ owner: "a", date: day, state: "draft" }, { owner: "a", date: day, state: "submitted" }], day);
  assert.deepEqual(got, []);
});

test("waiting logs: the team's submitted ones, whatever the day", () => {
  const logs: LogView[] = [
    { owner: "a", date: day, state: "submitted" },
    { owner: "b", date: "2026-11-20", state: "submitted" },
    { owner: "c", date: day, state: "approved" },
    { owner: "other-team", date: day, state: "submitted" },
  ];
  assert.equal(waitingCount(team, logs), 2);
});
