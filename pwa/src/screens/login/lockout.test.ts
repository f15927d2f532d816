import assert from "node:assert/strict";
import { test } from "node:test";
import { lang } from "../../i18n";
import { lockoutMinutes } from "./lockout";
import { lockoutText } from "./messages";

test("the wait is whole minutes, rounded up, never under one", () => {
  const cases: [number, number][] = [
    [875, 15],
    [900, 15],
    [901, 16],
    [60, 1],
    [61, 2],
    [59, 1],
    [1, 1],
    [0.5, 1],
  ];
  for (const [seconds, want] of cases) assert.equal(lockoutMinutes(seconds), want, `${seconds} s`);
});

test("the lockout message says minutes in both languages", () => {
  lang.value = "zh-CN";
  assert.equal(lockoutText(lockoutMinutes(875)), "尝试次数过多，请 15 分钟后再试。");
  assert.equal(lockoutText(lockoutMinutes(30)), "尝试次数过多，请 1 分钟后再试。");
  lang.value = "en";
  assert.equal(lockoutText(lockoutMinutes(875)), "Too many attempts. Try again in 15 minutes.");
  assert.equal(lockoutText(lockoutMinutes(30)), "Too many attempts. Try again in 1 minute.");
  lang.value = "zh-CN";
});
