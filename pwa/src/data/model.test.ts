import assert from "node:assert/strict";
import { test } from "node:test";
import type { LocalRecord } from "../sync";
import { inPhoneZone } from "./testdata";
import { activityOf, addDays, byInstant, dayAllowed, isoDay, mondayOf, newestInstantFirst, today } from "./model";

const SHANGHAI = "Asia/Shanghai";

function visit(id: string, occurredAt: string): LocalRecord {
  return { collection: "activities", id, fields: { kind: "visit", occurred_at: occurredAt }, stamps: {}, pending: false };
}

test("an activity's day is its instant's day in the team's zone, not the date its phone wrote", () => {
  // 09:20 on 3 December in Shanghai, written by a phone in Los Angeles.
  const a = activityOf(visit("v", "2026-12-02T17:20:00-08:00"), SHANGHAI);
  assert.equal(a.day, "2026-12-03");
  assert.equal(a.at, Date.UTC(2026, 11, 3, 1, 20));
  assert.equal(activityOf(visit("v", "2026-12-02T17:20:00-08:00"), "America/Los_Angeles").day, "2026-12-02");
  // Just before and after midnight in Shanghai.
  assert.equal(activityOf(visit("v", "2026-12-02T15:59:59Z"), SHANGHAI).day, "2026-12-02");
  assert.equal(activityOf(visit("v", "2026-12-02T16:00:00Z"), SHANGHAI).day, "2026-12-03");
  const broken = activityOf(visit("v", "yesterday"), SHANGHAI);
  assert.equal(broken.day, "");
  assert.ok(Number.isNaN(broken.at));
});

test("activities sort by instant, never by the text of times with different offsets", () => {
  const acts = [
    activityOf(visit("0920", "2026-12-02T17:20:00-08:00"), SHANGHAI), // 09:20 Shanghai, the text sorts first
    activityOf(visit("0814", "2026-12-03T08:14:00+08:00"), SHANGHAI),
    activityOf(visit("0900z", "2026-12-03T01:00:00Z"), SHANGHAI), // 09:00 Shanghai
    activityOf(visit("bad", "not a time"), SHANGHAI),
  ];
  assert.deepEqual([...acts].sort(byInstant).map((a) => a.id), ["0814", "0900z", "0920", "bad"]);
  assert.deepEqual([...acts].sort(newestInstantFirst).map((a) => a.id), ["0920", "0900z", "0814", "bad"]);
  // What sorting the strings gave: the later visit first.
  assert.deepEqual(
    [...acts].slice(0, 2).sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : 1)).map((a) => a.id),
    ["0920", "0814"],
  );
});

test("today is the team's today, whatever the phone's zone", () => {
  const now = Date.UTC(2026, 11, 3, 18, 30); // 02:30 on the 4th in Shanghai, 10:30 on the 3rd in Los Angeles
  for (const phone of ["America/Los_Angeles", "UTC", SHANGHAI]) {
    inPhoneZone(phone, () => {
      assert.equal(today(SHANGHAI, now), "2026-12-04", phone);
      assert.equal(isoDay(new Date(now), SHANGHAI), "2026-12-04", phone);
      assert.equal(isoDay(now, "America/Los_Angeles"), "2026-12-03", phone);
    });
  }
});

test("day arithmetic is on the calendar, whatever the phone's daylight saving", () => {
  inPhoneZone("America/Los_Angeles", () => {
    // Los Angeles springs forward on 8 March 2026 and falls back on 1 November.
    assert.equal(addDays("2026-03-07", 1), "2026-03-08");
    assert.equal(addDays("2026-03-08", 1), "2026-03-09");
    assert.equal(addDays("2026-11-01", -1), "2026-10-31");
    assert.equal(addDays("2026-12-31", 1), "2027-01-01");
    assert.equal(addDays("2024-02-28", 1), "2024-02-29");
    assert.equal(mondayOf("2026-03-08"), "2026-03-02");
    assert.equal(mondayOf("2026-11-30"), "2026-11-30");
    assert.equal(mondayOf("2026-12-06"), "2026-11-30");
  });
  assert.equal(addDays("not a day", 1), "");
});

test("the date rule: 2000-01-01 to tomorrow in the team's zone", () => {
  const t = today(SHANGHAI, Date.UTC(2026, 11, 3, 18, 30)); // the 4th there
  assert.equal(dayAllowed("2026-12-05", t), true, "tomorrow may be planned");
  assert.equal(dayAllowed("2026-12-06", t), false);
  assert.equal(dayAllowed("2000-01-01", t), true);
  assert.equal(dayAllowed("1999-12-31", t), false);
  assert.equal(dayAllowed("2099-01-01", t), false);
});
