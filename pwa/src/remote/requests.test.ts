import assert from "node:assert/strict";
import { test } from "node:test";
import { parseRequests } from "./requests";

test("the register's requests are read; a malformed one refuses the answer", () => {
  const one = {
    id: "r1", kind: "copy", subject: "customers", subject_id: "c1", agent_id: "a1", team_id: "t1",
    received_at: "2025-03-07T10:30:00Z", due_date: "2025-03-28", due_at: "2025-03-28T16:00:00Z",
    note: "电话提出", created_by: "u1", created_at: "2025-03-07T10:31:00Z", status: "open", overdue: true,
  };
  assert.deepEqual(parseRequests({ requests: [one, { ...one, id: "r2", status: "closed", outcome: "refused", overdue: false }] }), [
    { id: "r1", kind: "copy", subject: "customers", subjectId: "c1", agentId: "a1", teamId: "t1", receivedAt: Date.UTC(2025, 2, 7, 10, 30),
      dueDate: "2025-03-28", overdue: true, open: true, outcome: null, note: "电话提出" },
    { id: "r2", kind: "copy", subject: "customers", subjectId: "c1", agentId: "a1", teamId: "t1", receivedAt: Date.UTC(2025, 2, 7, 10, 30),
      dueDate: "2025-03-28", overdue: false, open: false, outcome: "refused", note: "电话提出" },
  ]);
  assert.equal(parseRequests({ requests: [{ ...one, kind: "erase" }] }), null);
  assert.equal(parseRequests({ requests: [{ ...one, overdue: "yes" }] }), null);
  assert.equal(parseRequests({}), null);
  assert.deepEqual(parseRequests({ requests: [] }), []);
});
