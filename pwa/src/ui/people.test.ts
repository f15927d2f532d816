import assert from "node:assert/strict";
import { test } from "node:test";
import { customer, prospect } from "../data/testdata";
import { contactOf, findPeople, rankPeople, type Contact } from "./people";

const at = (iso: string) => Date.parse(iso);
const met = (iso: string, who: { customerId?: string; prospectId?: string }): Contact => ({
  at: at(iso),
  customerId: who.customerId ?? null,
  prospectId: who.prospectId ?? null,
});

test("the people last met come first, the rest by name", () => {
  const customers = [customer({ id: "c1", name: "Zhao" }), customer({ id: "c2", name: "Wang" }), customer({ id: "c3", name: "Chen" })];
  const prospects = [prospect({ id: "p1", name: "Li" }), prospect({ id: "p2", name: "Bai" })];
  const contacts = [
    met("2026-12-01T10:00:00+08:00", { customerId: "c1" }),
    met("2026-12-03T09:00:00+08:00", { prospectId: "p1" }),
    met("2026-11-20T09:00:00+08:00", { customerId: "c1" }), // older than c1's latest
    met("2026-12-02T09:00:00Z", { customerId: "c2" }),
  ];
  const got = rankPeople(customers, prospects, contacts);
  assert.deepEqual(
    got.map((p) => p.name),
    ["Li", "Wang", "Zhao", "Bai", "Chen"],
  );
  assert.deepEqual(got[0], { value: "p:p1", name: "Li", type: "prospect", last: at("2026-12-03T09:00:00+08:00") });
  assert.equal(got[3]!.last, 0);
});

test("times are compared as instants, whatever offset they were written with", () => {
  const customers = [customer({ id: "a", name: "A" }), customer({ id: "b", name: "B" })];
  // 09:00 in Shanghai (01:00 UTC) is before 18:00 the day before in Los Angeles (02:00 UTC).
  const got = rankPeople(customers, [], [
    met("2026-12-03T09:00:00+08:00", { customerId: "a" }),
    met("2026-12-02T18:00:00-08:00", { customerId: "b" }),
  ]);
  assert.deepEqual(got.map((p) => p.name), ["B", "A"]);
});

test("a customer made from a Plan 100 name counts the visits to that name; names made customers, closed or dropped are left out", () => {
  const customers = [customer({ id: "c1", name: "Old", prospectId: "p1" }), customer({ id: "c2", name: "Other" })];
  const prospects = [
    prospect({ id: "p1", name: "Old", customerId: "c1" }),
    prospect({ id: "p2", name: "Closed", stage: "closed" }),
    prospect({ id: "p3", name: "Dropped", stage: "dropped" }),
    prospect({ id: "p4", name: "Open", stage: "visited" }),
  ];
  const got = rankPeople(customers, prospects, [met("2026-12-01T10:00:00+08:00", { prospectId: "p1" })]);
  assert.deepEqual(got.map((p) => p.value), ["c:c1", "p:p4", "c:c2"]);
});

test("Chinese names are ordered as the language orders them (by pinyin)", () => {
  const customers = ["张伟", "王芳", "李娜", "陈静"].map((name, i) => customer({ id: `c${i}`, name }));
  assert.deepEqual(
    rankPeople(customers, [], []).map((p) => p.name),
    ["陈静", "李娜", "王芳", "张伟"],
  );
});

test("an unreadable time or an activity with nobody counts for no one", () => {
  const got = rankPeople([customer({ id: "c1", name: "A" })], [], [
    { at: NaN, customerId: "c1", prospectId: null },
    met("2026-12-01T10:00:00+08:00", {}),
  ]);
  assert.equal(got[0]!.last, 0);
});

test("a record's fields give its contact", () => {
  assert.deepEqual(contactOf({ occurred_at: "2026-12-01T10:00:00+08:00", customer_id: "c1", prospect_id: "" }), {
    at: at("2026-12-01T10:00:00+08:00"),
    customerId: "c1",
    prospectId: null,
  });
  assert.ok(Number.isNaN(contactOf({}).at));
});

test("typing filters by name, keeping the order; case, width and spaces do not matter", () => {
  const names = ["王芳", "王建国", "李王氏", "Wang Lei", "Ｗａｎｇ Fang", "张伟"];
  const people = names.map((name, i) => ({ value: `c:${i}`, name, type: "customer" as const, last: 0 }));
  assert.equal(findPeople(people, ""), people, "nothing typed: everyone");
  assert.equal(findPeople(people, "   "), people);
  assert.deepEqual(findPeople(people, "王").map((p) => p.name), ["王芳", "王建国", "李王氏"]);
  assert.deepEqual(findPeople(people, "王 建").map((p) => p.name), ["王建国"]);
  assert.deepEqual(findPeople(people, "wang").map((p) => p.name), ["Wang Lei", "Ｗａｎｇ Fang"]);
  assert.deepEqual(findPeople(people, "wangf").map((p) => p.name), ["Ｗａｎｇ Fang"]);
  assert.deepEqual(findPeople(people, "赵"), []);
});

test("eighty names are ranked and searched at once", () => {
  const customers = Array.from({ length: 60 }, (_, i) => customer({ id: `c${i}`, name: `客户${String(i).padStart(2, "0")}` }));
  const prospects = Array.from({ length: 30 }, (_, i) => prospect({ id: `p${i}`, name: `名单${String(i).padStart(2, "0")}` }));
  const got = rankPeople(customers, prospects, [
    met("2026-12-03T09:00:00+08:00", { prospectId: "p3" }),
    met("2026-12-02T09:00:00+08:00", { customerId: "c7" }),
    met("2026-12-01T09:00:00+08:00", { customerId: "c42" }),
  ]);
  assert.equal(got.length, 90);
  assert.deepEqual(got.slice(0, 3).map((p) => p.name), ["名单03", "客户07", "客户42"]);
  assert.deepEqual(findPeople(got, "客户4").map((p) => p.name), ["客户42", ...["40", "41", "43", "44", "45", "46", "47", "48", "49"].map((n) => `客户${n}`)]);
});
