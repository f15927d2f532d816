import assert from "node:assert/strict";
import { test } from "node:test";
import { columnLefts, IMAGE_WIDTH, imageHeight } from "./tableImage";

test("the image is 1080 px wide and grows by one band per agent", () => {
  assert.equal(IMAGE_WIDTH, 1080);
  assert.equal(imageHeight(0), 456, "the heading, the column heads and the footer");
  assert.equal(imageHeight(5) - imageHeight(4), 88);
  assert.equal(imageHeight(6), 984);
  assert.equal(imageHeight(6, true), 984 + 72, "a lead line (the day's focus) under the heading");
});

test("the columns share the width inside the margins", () => {
  const lefts = columnLefts([
    { label: "名次", share: 0.25, align: "right" },
    { label: "姓名", share: 0.5, align: "left" },
    { label: "得分", share: 0.25, align: "right" },
  ]);
  assert.deepEqual(lefts, [56, 298, 782]);
});
