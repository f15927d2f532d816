import assert from "node:assert/strict";
import { test } from "node:test";
import { parseAccessLog } from "./access";

test("the access log's entries are read; a malformed one refuses the answer", () => {
  const raw = {
    entries: [
      { at: "2026-11-20T02:00:00Z", user_id: "u", username: "zhou", role: "supervisor", agent_id: "a", team_id: "t", file: "all", purpose: "辅导面谈准备" },
    ],
  };
  assert.deepEqual(parseAccessLog(raw), [
    { at: Date.UTC(2026, 10, 20, 2), userId: "u", username: "zhou", role: "supervisor", agentId: "a", file: "all", purpose: "辅导面谈准备" },
  ]);
  assert.equal(parseAccessLog({ entries: [{ at: "x" }] }), null);
  assert.equal(parseAccessLog({}), null);
  assert.deepEqual(parseAccessLog({ entries: [] }), []);
});
