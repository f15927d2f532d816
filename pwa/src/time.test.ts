import assert from "node:assert/strict";
import { test } from "node:test";
import { rfc3339Local } from "./time";

test("RFC 3339 with the local offset, naming the same instant", () => {
  for (const ms of [0, 1764312345000, 1719792000000, Date.UTC(2026, 10, 28, 2, 30, 0)]) {
    const d = new Date(ms);
    const got = rfc3339Local(d);
    assert.match(got, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
    assert.equal(Date.parse(got), ms, got);
  }
});
