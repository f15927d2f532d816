import assert from "node:assert/strict";
import { test } from "node:test";
import { KINDS } from "../data/model";
import { lang } from "../i18n";
import { amendedDaysText, amendedMark, kindWithPending, pendingKinds, pendingList, pendingText, signed, withPending } from "./pending";

test("the approved count, and beside it what is pending", () => {
  lang.value = "zh-CN";
  assert.equal(kindWithPending("visit", 12, 2), "拜访 12 (+2 待审)");
  assert.equal(kindWithPending("deal", 1, -1), "成交 1 (−1 待审)", "a change that removed a deal");
  assert.equal(kindWithPending("visit", 12, 0), "拜访 12", "nothing pending: the bare count");
  assert.equal(kindWithPending("visit", 12, undefined), "拜访 12");
  assert.equal(withPending("9/16", 3), "9/16 (+3 待审)");
  assert.equal(pendingText(2), "+2 待审");
  assert.equal(pendingText(0), "");
  lang.value = "en";
  assert.equal(kindWithPending("visit", 12, 2), "Visit 12 (+2 pending)");
  assert.equal(withPending(1250, -1), "1,250 (−1 pending)");
  lang.value = "zh-CN";
});

test("signs: a plus, a real minus sign, nothing for zero", () => {
  assert.deepEqual([signed(2), signed(-3), signed(0), signed(undefined)], ["+2", "−3", "", ""]);
});

test("the pending kinds in the guide's order, unknown kinds last, zeros left out", () => {
  const pending = { deal: 1, visit: 2, call: 0, custom: 4 };
  assert.deepEqual(pendingKinds(pending, KINDS), ["visit", "deal", "custom"]);
  lang.value = "zh-CN";
  assert.equal(pendingList({ visit: 2, deal: -1 }, KINDS), "拜访 +2 · 成交 −1");
  assert.equal(pendingList({}, KINDS), "");
});

test("a day changed after approval is marked, and counted", () => {
  lang.value = "zh-CN";
  assert.equal(amendedMark(), "已修改，待重审");
  assert.equal(amendedDaysText(2), "2 天已修改，待重审");
  assert.equal(amendedDaysText(0), "");
  lang.value = "en";
  assert.equal(amendedDaysText(1), "1 day changed, to be reviewed again");
  assert.equal(amendedDaysText(3), "3 days changed, to be reviewed again");
  lang.value = "zh-CN";
});
