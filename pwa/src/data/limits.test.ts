import assert from "node:assert/strict";
import { test } from "node:test";
import { charCount, checkPhone, checkText, checkWhole } from "./limits";

test("charCount counts code points, as the server's utf8.RuneCount does", () => {
  assert.equal(charCount("王小明"), 3);
  assert.equal(charCount("😀"), 1, "an emoji is one character, two UTF-16 units");
});

test("checkText", () => {
  const cases: { s: string; max: number; required?: boolean; want: string | null }[] = [
    { s: "", max: 100, want: null },
    { s: "  ", max: 100, required: true, want: "required" },
    { s: "张", max: 100, required: true, want: null },
    { s: "张".repeat(100), max: 100, want: null },
    { s: "张".repeat(101), max: 100, want: "tooLong" },
    { s: ` ${"张".repeat(100)} `, max: 100, want: null }, // saved trimmed
  ];
  for (const c of cases) {
    assert.equal(checkText(c.s, c.max, c.required)?.code ?? null, c.want, JSON.stringify(c));
  }
});

test("checkPhone follows the server's pattern", () => {
  for (const ok of ["", "13800138000", "+86 138-0013-8000", "010 1234"]) assert.equal(checkPhone(ok), null, ok);
  for (const bad of ["12", "phone", "138(0)1", "-13800138000", "+"]) assert.equal(checkPhone(bad)?.code, "phone", bad);
});

test("checkWhole", () => {
  assert.equal(checkWhole("", 0, 10), null, "empty is no value");
  assert.equal(checkWhole("0", 0, 10), null);
  assert.equal(checkWhole("10", 0, 10), null);
  assert.deepEqual(checkWhole("11", 0, 10), { code: "range", min: 0, max: 10 });
  assert.equal(checkWhole("3.5", 0, 10)?.code, "range");
  assert.equal(checkWhole("-1", 0, 10)?.code, "range");
});
