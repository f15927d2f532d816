import assert from "node:assert/strict";
import { test } from "node:test";
import { checkPassword, checkPasswords } from "./password";

test("a password needs 8 characters, counted as the server counts them (code points)", () => {
  assert.deepEqual(checkPassword(""), { code: "required" });
  assert.deepEqual(checkPassword("1234567"), { code: "passwordShort", min: 8 });
  assert.equal(checkPassword("12345678"), null);
  assert.equal(checkPassword("保单拜访成交计划"), null); // 8 characters, 24 bytes
  // 4 emoji are 8 UTF-16 units but 4 characters.
  assert.deepEqual(checkPassword("🔑🔑🔑🔑"), { code: "passwordShort", min: 8 });
  // Spaces count: a password is never trimmed.
  assert.equal(checkPassword("  abcd  "), null);
});

test("a password may have at most 1024 bytes", () => {
  assert.equal(checkPassword("a".repeat(1024)), null);
  assert.deepEqual(checkPassword("a".repeat(1025)), { code: "passwordLong", max: 1024 });
  assert.deepEqual(checkPassword("保".repeat(342)), { code: "passwordLong", max: 1024 }); // 1026 bytes
});

test("typed twice: the second must match, and is only judged once the first is good", () => {
  assert.deepEqual(checkPasswords("short", "short"), { password: { code: "passwordShort", min: 8 } });
  assert.deepEqual(checkPasswords("fieldbook-1", ""), { again: { code: "required" } });
  assert.deepEqual(checkPasswords("fieldbook-1", "fieldbook-l"), { again: { code: "mismatch" } });
  assert.deepEqual(checkPasswords("fieldbook-1", "fieldbook-1"), {});
});
