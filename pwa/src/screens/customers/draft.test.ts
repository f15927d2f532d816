import assert from "node:assert/strict";
import { test } from "node:test";
import { customer } from "../../data/testdata";
import { checkCustomer, customerChanges, customerDraft, EMPTY_CUSTOMER, type CustomerDraft } from "./draft";

const edit = (d: CustomerDraft, over: Partial<CustomerDraft>): CustomerDraft => ({ ...d, ...over });

test("a new file writes only what was filled in", () => {
  const d = edit(EMPTY_CUSTOMER, { name: " 王芳 ", age: "35", needs: ["health"], noSpouse: true });
  assert.deepEqual(customerChanges(EMPTY_CUSTOMER, d), { name: "王芳", age: 35, needs: ["health"], spouse: "" });
});

test("an edit writes only the fields that changed", () => {
  const c = customer({ name: "王芳", age: 35, occupation: "教师", spouse: "李明", needs: ["health", "education"] });
  const base = customerDraft(c);
  assert.deepEqual(customerChanges(base, base), {}, "nothing changed");
  assert.deepEqual(customerChanges(base, edit(base, { occupation: "校长" })), { occupation: "校长" });
  assert.deepEqual(customerChanges(base, edit(base, { occupation: "  教师 " })), {}, "spaces around are not a change");
  assert.deepEqual(customerChanges(base, edit(base, { age: "" })), { age: null }, "clearing sends null");
  assert.deepEqual(customerChanges(base, edit(base, { needs: ["education", "health"] })), {}, "needs are a set");
});

test("family: none stated, unknown, and children", () => {
  const base = customerDraft(customer());
  assert.equal(base.noSpouse, false);
  assert.deepEqual(customerChanges(base, edit(base, { noSpouse: true })), { spouse: "" });
  assert.deepEqual(customerChanges(base, edit(base, { noChildren: true })), { children: [] });
  assert.deepEqual(
    customerChanges(
      base,
      edit(base, {
        children: [
          { key: 0, name: "小明", age: "8" },
          { key: 1, name: "", age: "" }, // left blank: dropped
          { key: 2, name: "", age: "3" },
        ],
      }),
    ),
    { children: [{ name: "小明", age: 8 }, { age: 3 }] },
  );

  const none = customerDraft(customer({ spouse: "", children: [] }));
  assert.equal(none.noSpouse, true);
  assert.equal(none.noChildren, true);
  assert.deepEqual(customerChanges(none, edit(none, { noChildren: false })), { children: null }, "back to unknown");
});

test("customerDraft keeps children with their ages", () => {
  const d = customerDraft(customer({ children: [{ name: "小明", age: 8 }, { age: 3 }] }));
  assert.deepEqual(d.children, [
    { key: 0, name: "小明", age: "8" },
    { key: 1, name: "", age: "3" },
  ]);
  assert.deepEqual(customerChanges(d, d), {});
});

test("checkCustomer applies the server's limits", () => {
  const bad = edit(EMPTY_CUSTOMER, {
    name: "  ",
    phone: "abc",
    age: "130",
    occupation: "x".repeat(101),
    children: [{ key: 4, name: "", age: "-1" }],
  });
  const codes = Object.fromEntries(Object.entries(checkCustomer(bad)).map(([k, p]) => [k, p.code]));
  assert.deepEqual(codes, { name: "required", phone: "phone", age: "range", occupation: "tooLong", "child-4-age": "range" });
  assert.deepEqual(checkCustomer(edit(EMPTY_CUSTOMER, { name: "王芳" })), {});
});
