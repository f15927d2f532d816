import assert from "node:assert/strict";
import { test } from "node:test";
import { completeness, fileRows, filesToAim, matchesFile, sortFiles } from "./customerFiles";
import { activity, customer } from "./testdata";

const full = {
  age: 35,
  occupation: "教师",
  incomeBand: "100k_300k",
  spouse: "",
  needs: ["education"],
};
const zh = new Intl.Collator("zh-CN").compare;

test("fileRows names what each file lacks, with interactions through its prospect", () => {
  const rows = fileRows(
    [
      customer({ id: "direct", ...full }),
      customer({ id: "via-prospect", prospectId: "p9", ...full }),
      customer({ id: "voided-only", ...full }),
      customer({ id: "bare" }),
    ],
    [
      activity({ id: "1", customerId: "direct" }),
      activity({ id: "2", kind: "call", prospectId: "p9" }),
      activity({ id: "3", customerId: "voided-only", voided: true, voidReason: "重复" }),
      activity({ id: "4", kind: "prospect", customerId: "bare" }),
    ],
  );
  const missing = Object.fromEntries(rows.map((r) => [r.customer.id, r.missing]));
  assert.deepEqual(missing, {
    direct: [],
    "via-prospect": [],
    "voided-only": ["interaction"],
    bare: ["age", "occupation", "income_band", "family", "needs", "interaction"],
  });
});

test("an activity naming both the customer and its prospect counts once, and sets the latest time", () => {
  const [row] = fileRows(
    [customer({ id: "c1", prospectId: "p1" })],
    [
      activity({ id: "both", customerId: "c1", prospectId: "p1", occurredAt: "2026-11-28T10:00:00+08:00" }),
      activity({ id: "older", customerId: "c1", occurredAt: "2026-11-01T10:00:00+08:00" }),
    ],
  );
  assert.equal(row?.lastAt, Date.parse("2026-11-28T10:00:00+08:00"));
});

test("stating no spouse or no children fills the family part", () => {
  const rows = fileRows([customer({ id: "a", spouse: "" }), customer({ id: "b", children: [] }), customer({ id: "c" })], []);
  assert.deepEqual(
    rows.map((r) => r.missing.includes("family")),
    [false, false, true],
  );
});

test("matchesFile searches name, occupation and phone digits", () => {
  const c = customer({ name: "王芳", occupation: "Teacher", phone: "138-0013-8000" });
  for (const q of ["", "王", "teach", "13800138", "138 0013"]) assert.ok(matchesFile(c, q), q);
  for (const q of ["李", "doctor", "139"]) assert.ok(!matchesFile(c, q), q);
});

test("sortFiles", () => {
  const rows = fileRows(
    [
      customer({ id: "c", name: "张三", ...full }),
      customer({ id: "a", name: "李四" }),
      customer({ id: "b", name: "王五", age: 40 }),
    ],
    [
      activity({ id: "1", customerId: "c", occurredAt: "2026-11-20T10:00:00+08:00" }),
      activity({ id: "2", customerId: "b", occurredAt: "2026-11-28T10:00:00+08:00" }),
    ],
  );
  const ids = (order: "name" | "incomplete" | "recent") => sortFiles(rows, order, zh).map((r) => r.customer.id);
  assert.deepEqual(ids("name"), ["a", "b", "c"], "李 Li, 王 Wang, 张 Zhang in pinyin order");
  assert.deepEqual(ids("incomplete"), ["a", "b", "c"]);
  assert.deepEqual(ids("recent"), ["b", "c", "a"], "never contacted last");
});

test("completeness counts complete files", () => {
  const rows = fileRows([customer({ id: "x", ...full }), customer({ id: "y" })], [activity({ customerId: "x" })]);
  assert.deepEqual(completeness(rows), { complete: 1, total: 2 });
});

test("filesToAim says how many more complete files reach 80%", () => {
  assert.equal(filesToAim({ complete: 3, total: 5 }), 1);
  assert.equal(filesToAim({ complete: 4, total: 5 }), 0, "exactly 80%");
  assert.equal(filesToAim({ complete: 18, total: 24 }), 2, "19.2 rounds up to 20");
  assert.equal(filesToAim({ complete: 0, total: 0 }), 0);
});

test("fileRows and a sort of 5,000 files stay fast", () => {
  const customers = Array.from({ length: 5000 }, (_, i) => customer({ id: `c${i}`, name: `客户${i}`, prospectId: `p${i}` }));
  const acts = Array.from({ length: 20000 }, (_, i) => activity({ id: `a${i}`, prospectId: `p${i % 5000}` }));
  const start = performance.now();
  sortFiles(fileRows(customers, acts), "incomplete", zh);
  const ms = performance.now() - start;
  assert.ok(ms < 1000, `took ${ms.toFixed(0)} ms`);
});
