import assert from "node:assert/strict";
import { test } from "node:test";
import { lang } from "../../i18n";
import { bytesText, healthOf, WARN_AT } from "./storage";

test("the space used and left, with a warning from 80 % of the quota", () => {
  const gb = 1024 ** 3;
  assert.deepEqual(healthOf({ usage: 0.5 * gb, quota: 2 * gb }), { used: 0.5 * gb, quota: 2 * gb, free: 1.5 * gb, share: 0.25, warn: false });
  assert.equal(healthOf({ usage: WARN_AT * gb - 1, quota: gb })?.warn, false, "just under 80 %");
  assert.equal(healthOf({ usage: WARN_AT * gb, quota: gb })?.warn, true, "80 % exactly");
  assert.deepEqual(healthOf({ usage: 2 * gb, quota: gb }), { used: 2 * gb, quota: gb, free: 0, share: 1, warn: true }, "over the quota: nothing left");
  assert.equal(healthOf({ quota: gb })?.used, 0, "no usage given");
});

test("no health without a quota the browser gave", () => {
  assert.equal(healthOf(null), null);
  assert.equal(healthOf({}), null);
  assert.equal(healthOf({ usage: 10, quota: 0 }), null);
  assert.equal(healthOf({ usage: 10, quota: Number.NaN }), null);
});

test("sizes are written in the unit a person reads", () => {
  lang.value = "en";
  assert.equal(bytesText(0), "0 B");
  assert.equal(bytesText(820 * 1024), "820 KB");
  assert.equal(bytesText(35.24 * 1024 ** 2), "35.2 MB");
  assert.equal(bytesText(1.5 * 1024 ** 3), "1.5 GB");
  assert.equal(bytesText(2048 * 1024 ** 3), "2 TB");
  lang.value = "zh-CN";
  assert.equal(bytesText(1234.5 * 1024 ** 2), "1.2 GB");
});
