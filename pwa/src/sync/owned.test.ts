import assert from "node:assert/strict";
import { test } from "node:test";
import { ownedChanges } from "./owned";

const ME = "c1";
const s = (wall: number, node: string) => `${String(wall).padStart(13, "0")}-0000-${node}`;

test("re-queues only the fields this client wrote, one change per record and stamp, in stamp order", () => {
  const got = ownedChanges(
    [
      {
        collection: "activities",
        id: "r1",
        fields: { kind: "visit", notes: "n", outcome: "ok", voided: false },
        stamps: { kind: s(5, ME), notes: s(5, ME), outcome: s(7, ME), voided: s(9, "supervisor-phone") },
      },
      { collection: "members", id: "u1", fields: { name: "王芳" }, stamps: { name: s(1, "server") } },
      { collection: "customers", id: "r2", fields: { name: "李雷" }, stamps: { name: s(2, ME) } },
    ],
    ME,
  );
  assert.deepEqual(got, [
    { collection: "customers", id: "r2", hlc: s(2, ME), fields: { name: "李雷" } },
    { collection: "activities", id: "r1", hlc: s(5, ME), fields: { kind: "visit", notes: "n" } },
    { collection: "activities", id: "r1", hlc: s(7, ME), fields: { outcome: "ok" } },
  ]);
});

test("nothing to re-queue when this client wrote nothing", () => {
  assert.deepEqual(ownedChanges([{ collection: "scores", id: "x", fields: { total: 1 }, stamps: { total: s(1, "server") } }], ME), []);
});
