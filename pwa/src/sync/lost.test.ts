import assert from "node:assert/strict";
import { test } from "node:test";
import { formatStamp } from "./hlc";
import { findLost, ownWrites } from "./lost";

const ME = "phone-1";
const OTHER = "phone-2";
const T = 1_764_312_345_678;
const st = (wall: number, node: string) => formatStamp({ wall, counter: 0, node });

test("a field this phone wrote, overwritten by a newer write from another device, is lost", () => {
  const own = ownWrites({ fields: { phone: "139", notes: "喜欢喝茶" }, stamps: { phone: st(T, ME), notes: st(T, ME) } }, [], ME);
  const merged = { fields: { phone: "138", notes: "喜欢喝茶" }, stamps: { phone: st(T + 10, OTHER), notes: st(T, ME) } };
  assert.deepEqual(findLost("customers", "c1", own, merged, ME), [
    { collection: "customers", id: "c1", field: "phone", value: "139", stamp: st(T, ME), now: "138", by: st(T + 10, OTHER), at: T + 10 },
  ]);
});

test("a change just applied counts as this phone's, even before the stored record has it", () => {
  const own = ownWrites({ fields: { notes: "旧" }, stamps: { notes: st(T - 5, OTHER) } }, [{ hlc: st(T, ME), fields: { notes: "我的" } }], ME);
  const merged = { fields: { notes: "他的" }, stamps: { notes: st(T + 1, OTHER) } };
  assert.equal(findLost("prospects", "p1", own, merged, ME).length, 1);
  assert.equal(findLost("prospects", "p1", own, merged, ME)[0]!.value, "我的");
});

test("nothing is lost to an older write, the same value, this phone, the server, a deletion or a review", () => {
  const own = ownWrites({ fields: { notes: "我的", state: "submitted" }, stamps: { notes: st(T, ME), state: st(T, ME) } }, [], ME);
  const lost = (fields: Record<string, unknown>, stamps: Record<string, string>, collection = "customers") => findLost(collection, "r", own, { fields, stamps }, ME);
  assert.deepEqual(lost({ notes: "我的" }, { notes: st(T, ME) }), [], "still ours");
  assert.deepEqual(lost({ notes: "我的" }, { notes: st(T + 9, OTHER) }), [], "the same value written again");
  assert.deepEqual(lost({ notes: "x" }, { notes: st(T + 9, ME) }), [], "this phone's own later write (another tab)");
  assert.deepEqual(lost({ notes: null }, { notes: st(T + 9, "server") }), [], "an erasure by the server");
  assert.deepEqual(lost({ notes: "x", _deleted: true }, { notes: st(T + 9, OTHER), _deleted: st(T + 9, OTHER) }), [], "deleted");
  assert.deepEqual(lost({ state: "approved" }, { state: st(T + 9, OTHER) }, "day_logs"), [], "a log's state moves on in review");
  assert.equal(lost({ state: "approved" }, { state: st(T + 9, OTHER) }, "goals").length, 1, "elsewhere state is a field like any");
});

test("the latest of this phone's writes to a field is the one compared", () => {
  const own = ownWrites({ fields: { notes: "一" }, stamps: { notes: st(T, ME) } }, [{ hlc: st(T + 5, ME), fields: { notes: "二" } }, { hlc: st(T + 1, OTHER), fields: { notes: "别人" } }], ME);
  assert.deepEqual(own.get("notes"), { value: "二", stamp: st(T + 5, ME) });
  assert.equal(own.size, 1);
});
