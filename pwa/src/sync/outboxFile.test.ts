import assert from "node:assert/strict";
import { test } from "node:test";
import { FILE_CHANGES, outboxFileName, outboxFiles } from "./outboxFile";
import type { OutboxEntry } from "./store";

const user = { id: "0192a0b4-2c9e-7a61-9c3e-4b7d2f0e8a11", username: "lina", name: "李娜" };
const entry = (seq: number, text = "x"): OutboxEntry => ({
  seq,
  collection: "activities",
  id: `id-${seq}`,
  hlc: `1764312345678-${String(seq).padStart(4, "0")}-dev1`,
  fields: { kind: "call", outcome: text },
  createdAt: 1,
  restamped: true,
});

test("the file holds the changes as the sync request carries them, and who made them", () => {
  const [f, ...rest] = outboxFiles("dev1", user, [entry(41), entry(42)], new Date("2026-12-07T08:30:00Z"));
  assert.equal(rest.length, 0);
  assert.deepEqual(f, {
    format: "fieldbook-outbox",
    version: 1,
    exported_at: "2026-12-07T08:30:00.000Z",
    client_id: "dev1",
    user,
    changes: [
      { seq: 41, collection: "activities", id: "id-41", hlc: "1764312345678-0041-dev1", fields: { kind: "call", outcome: "x" } },
      { seq: 42, collection: "activities", id: "id-42", hlc: "1764312345678-0042-dev1", fields: { kind: "call", outcome: "x" } },
    ],
  });
  assert.equal(outboxFileName(f!), "fieldbook-outbox-lina-41-42-20261207-0830.json");
});

test("an empty outbox makes no file; a long one several, each under the limits, seqs continuing", () => {
  assert.deepEqual(outboxFiles("dev1", user, [], new Date()), []);
  const many = Array.from({ length: FILE_CHANGES + 10 }, (_, i) => entry(i + 1));
  const files = outboxFiles("dev1", user, many, new Date());
  assert.deepEqual(files.map((f) => f.changes.length), [FILE_CHANGES, 10]);
  assert.equal(files[1]!.changes[0]!.seq, FILE_CHANGES + 1);
  const big = Array.from({ length: 60 }, (_, i) => entry(i + 1, "长".repeat(7000)));
  const bigFiles = outboxFiles("dev1", user, big, new Date());
  assert.ok(bigFiles.length > 1, "60 changes of 21 KB in UTF-8 do not fit in one file");
  for (const f of bigFiles) assert.ok(new TextEncoder().encode(JSON.stringify(f)).length < 1 << 20);
  assert.deepEqual(bigFiles.flatMap((f) => f.changes.map((c) => c.seq)), big.map((e) => e.seq));
});
