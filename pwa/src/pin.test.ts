import assert from "node:assert/strict";
import { test } from "node:test";
import {
  checkPin,
  clearPin,
  MAX_FAILURES,
  needsUnlock,
  pinKey,
  readHiddenAt,
  readPin,
  setMinutes,
  setPin,
  unlock,
  validPin,
  writeHiddenAt,
  type PinStorage,
} from "./pin";

function memory(): PinStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

const U = "0190a1b2-0000-7000-8000-000000000001";

test("a PIN is 4 to 6 digits", () => {
  for (const ok of ["0000", "12345", "987654"]) assert.ok(validPin(ok), ok);
  for (const bad of ["", "123", "1234567", "12a4", " 1234", "１２３４"]) assert.ok(!validPin(bad), bad);
});

test("needsUnlock: after the minutes in the background, or when the time is unknown or ahead", () => {
  const t0 = Date.UTC(2025, 0, 1);
  assert.equal(needsUnlock(t0, t0 + 59_999, 1), false);
  assert.equal(needsUnlock(t0, t0 + 60_000, 1), true);
  assert.equal(needsUnlock(t0, t0 + 4 * 60_000, 5), false);
  assert.equal(needsUnlock(t0, t0 + 31 * 60_000, 30), true);
  assert.equal(needsUnlock(null, t0, 5), true);
  assert.equal(needsUnlock(t0 + 1, t0, 5), true);
});

test("the PIN is stored hashed with a random salt, and checks", async () => {
  const s = memory();
  const r = await setPin(s, U, "2468", 1);
  const raw = s.data.get(pinKey(U))!;
  assert.ok(!raw.includes("2468"), raw);
  assert.deepEqual(Object.keys(JSON.parse(raw) as object).sort(), ["failures", "hash", "minutes", "salt"]);
  assert.equal(r.minutes, 1);
  assert.equal(r.failures, 0);
  assert.ok(await checkPin(s, U, "2468"));
  assert.ok(!(await checkPin(s, U, "2469")));
  assert.ok(!(await checkPin(s, "someone-else", "2468")));
  const again = await setPin(memory(), U, "2468");
  assert.notEqual(again.salt, r.salt);
  assert.notEqual(again.hash, r.hash);
  await assert.rejects(setPin(s, U, "12"));
});

test("minutes change and the PIN is removed per user", async () => {
  const s = memory();
  await setPin(s, U, "135790");
  assert.equal(readPin(s, U)?.minutes, 5);
  setMinutes(s, U, 15);
  assert.equal(readPin(s, U)?.minutes, 15);
  assert.ok(await checkPin(s, U, "135790"));
  clearPin(s, U);
  assert.equal(readPin(s, U), null);
  assert.deepEqual(await unlock(s, U, "0000"), { ok: true });
});

test("wrong PINs count; the right one resets; the fifth in a row says wipe", async () => {
  const s = memory();
  await setPin(s, U, "1111");
  assert.deepEqual(await unlock(s, U, "2222"), { ok: false, failures: 1, wipe: false });
  assert.deepEqual(await unlock(s, U, "3333"), { ok: false, failures: 2, wipe: false });
  assert.deepEqual(await unlock(s, U, "1111"), { ok: true });
  assert.equal(readPin(s, U)?.failures, 0);
  for (let i = 1; i < MAX_FAILURES; i++) assert.deepEqual(await unlock(s, U, "9999"), { ok: false, failures: i, wipe: false });
  assert.deepEqual(await unlock(s, U, "abcd"), { ok: false, failures: MAX_FAILURES, wipe: true });
  // Checking while unlocked (removing the PIN) counts nothing.
  assert.ok(!(await checkPin(s, U, "0000")));
  assert.equal(readPin(s, U)?.failures, MAX_FAILURES);
});

test("the hidden time is read back; nonsense reads as unknown", () => {
  const s = memory();
  assert.equal(readHiddenAt(s), null);
  writeHiddenAt(s, 1_700_000_000_000);
  assert.equal(readHiddenAt(s), 1_700_000_000_000);
  s.setItem("fieldbook.hiddenAt", "soon");
  assert.equal(readHiddenAt(s), null);
});

test("an unreadable record is no PIN", () => {
  const s = memory();
  s.setItem(pinKey(U), "{not json");
  assert.equal(readPin(s, U), null);
  s.setItem(pinKey(U), JSON.stringify({ salt: 1 }));
  assert.equal(readPin(s, U), null);
});
