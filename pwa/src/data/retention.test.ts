import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { addCalendar, dormancy, dormantNames } from "./retention";
import { activity, prospect } from "./testdata";

interface Case {
  name: string;
  months: number;
  zone: string;
  now: string;
  updated_at: string;
  kept_at: string;
  last_activity: string;
  customer_id: string;
  want: { applies: boolean; dormant: boolean; purge: boolean; dormant_at: string; purge_at: string };
}

// The cases the server's rule is tested with (retention_test.go): npm test runs in pwa/.
const cases = (JSON.parse(readFileSync("../testdata/dormancy.json", "utf8")) as { cases: Case[] }).cases;

test("the shared cases of testdata/dormancy.json, as the server decides them", () => {
  assert.ok(cases.length >= 10, `read ${cases.length} cases`);
  for (const c of cases) {
    const ms = (s: string) => (s === "" ? NaN : Date.parse(s));
    const got = dormancy(
      { customerId: c.customer_id || null, updatedAt: ms(c.updated_at), keptAt: ms(c.kept_at), lastActivity: ms(c.last_activity) },
      c.months,
      c.zone,
      ms(c.now),
    );
    assert.deepEqual([got.applies, got.dormant, got.purge], [c.want.applies, c.want.dormant, c.want.purge], c.name);
    if (c.want.applies) {
      assert.equal(new Date(got.dormantAt).toISOString(), new Date(c.want.dormant_at).toISOString(), `${c.name}: dormant at`);
      assert.equal(new Date(got.purgeAt).toISOString(), new Date(c.want.purge_at).toISOString(), `${c.name}: purged at`);
    }
  }
});

test("months end on the month's last day, and the milliseconds stay", () => {
  const at = Date.parse("2025-08-31T09:00:00.250+08:00");
  assert.equal(new Date(addCalendar(at, 6, 0, "Asia/Shanghai")).toISOString(), "2026-02-28T01:00:00.250Z");
  assert.equal(new Date(addCalendar(at, 18, 0, "Asia/Shanghai")).toISOString(), "2027-02-28T01:00:00.250Z");
  assert.equal(new Date(addCalendar(Date.parse("2026-01-31T12:00:00+08:00"), 0, 30, "Asia/Shanghai")).toISOString(), "2026-03-02T04:00:00.000Z");
});

test("the dormant names of a phone's copy: interactions restart a name's clock, the 获客 and voided ones do not", () => {
  const now = Date.parse("2026-06-01T10:00:00+08:00");
  const old = "2024-01-01T10:00:00+08:00";
  const prospects = [
    prospect({ id: "quiet", name: "老王", updatedAt: old }),
    prospect({ id: "called", name: "老李", updatedAt: old }),
    prospect({ id: "added", name: "老赵", updatedAt: "2024-02-01T10:00:00+08:00" }),
    prospect({ id: "voided", name: "老钱", updatedAt: "2023-12-01T10:00:00+08:00" }),
    prospect({ id: "kept", name: "老孙", updatedAt: old, keptAt: "2026-05-30T10:00:00+08:00" }),
    prospect({ id: "file", name: "老周", updatedAt: old, customerId: "c1" }),
    prospect({ id: "new", name: "小吴", updatedAt: "" }),
  ];
  const activities = [
    activity({ id: "a1", kind: "call", prospectId: "called", occurredAt: "2026-05-01T10:00:00+08:00", at: Date.parse("2026-05-01T10:00:00+08:00") }),
    activity({ id: "a2", kind: "prospect", prospectId: "added", occurredAt: "2026-05-01T10:00:00+08:00", at: Date.parse("2026-05-01T10:00:00+08:00") }),
    activity({ id: "a3", kind: "visit", prospectId: "voided", voided: true, occurredAt: "2026-05-01T10:00:00+08:00", at: Date.parse("2026-05-01T10:00:00+08:00") }),
  ];
  const got = dormantNames(prospects, activities, 24, "Asia/Shanghai", now);
  // The one dormant longest is purged first.
  assert.deepEqual(
    got.map((d) => d.prospect.id),
    ["voided", "quiet", "added"],
  );
  assert.equal(new Date(got[1]!.purgeAt).toISOString(), new Date("2026-01-31T10:00:00+08:00").toISOString());
  assert.equal(got[1]!.lastTouch, Date.parse(old));
  assert.deepEqual(dormantNames(prospects, activities, 0, "Asia/Shanghai", now), [], "a team that keeps names for ever has none");
});
