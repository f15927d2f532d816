import assert from "node:assert/strict";
import { test } from "node:test";
import { inPhoneZone } from "../data/testdata";
import { clockText, DAY_OPTS, dayRangeText, dayText, instantText, thisYear, WHEN_OPTS, withYear, type Clock } from "./dates";

// 2026-12-03 12:00 UTC: 20:00 in Shanghai, 04:00 in Los Angeles.
const NOW = Date.UTC(2026, 11, 3, 12, 0);
const shanghai = (lang = "zh-CN"): Clock => ({ lang, zone: "Asia/Shanghai", now: NOW });

test("a visit at 00:14 UTC reads 08:14 in the team's zone (Shanghai), whatever the phone's zone", () => {
  const visit = Date.parse("2026-12-02T16:14:00-08:00"); // written by a phone in Los Angeles
  for (const phone of ["UTC", "America/Los_Angeles", "Asia/Shanghai", "Pacific/Kiritimati"]) {
    inPhoneZone(phone, () => {
      assert.equal(clockText(visit, "Asia/Shanghai"), "08:14", phone);
      assert.equal(instantText(visit, WHEN_OPTS, shanghai()), "12月3日 08:14", phone);
      assert.equal(instantText(visit, WHEN_OPTS, shanghai("en")), "Dec 3, 08:14", phone);
    });
  }
  // The same instant in the phone's own zone is 16:14 the day before: what the customer file showed.
  assert.equal(clockText(visit, "America/Los_Angeles"), "16:14");
  inPhoneZone("America/Los_Angeles", () => {
    assert.equal(new Date(visit).getHours(), 16, "the phone's zone really is Los Angeles here");
    assert.match(new Intl.DateTimeFormat("en", { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(visit), /16:14/);
  });
});

test("times of day are on the 24-hour clock in both languages, to the minute", () => {
  const evening = Date.UTC(2026, 11, 3, 13, 5, 59); // 21:05:59 in Shanghai
  assert.equal(clockText(evening, "Asia/Shanghai"), "21:05");
  assert.equal(instantText(evening, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }, shanghai("en")), "21:05");
  assert.equal(clockText(Number.NaN, "Asia/Shanghai"), "");
  assert.equal(instantText(Number.NaN, WHEN_OPTS, shanghai()), "");
});

test("a calendar day is written as it is: no zone moves it to another day", () => {
  for (const phone of ["America/Los_Angeles", "Pacific/Kiritimati", "Asia/Shanghai"]) {
    inPhoneZone(phone, () => {
      assert.equal(dayText("2026-12-03", DAY_OPTS, shanghai()), "12月3日周四", phone);
      assert.equal(dayText("2026-12-03", DAY_OPTS, shanghai("en")), "Thu, Dec 3", phone);
    });
  }
  assert.equal(dayText("not a day", DAY_OPTS, shanghai()), "not a day");
});

test("the year is shown whenever a date is not in the current year in the team's zone", () => {
  assert.equal(dayText("2099-01-01", DAY_OPTS, shanghai()), "2099年1月1日周四");
  assert.equal(dayText("2099-01-01", DAY_OPTS, shanghai("en")), "Thu, Jan 1, 2099");
  assert.equal(dayText("2025-12-31", { month: "short", day: "numeric" }, shanghai()), "2025年12月31日");
  assert.equal(dayText("2026-01-01", { month: "short", day: "numeric" }, shanghai()), "1月1日");
  // A visit at 23:30 UTC on 31 December is already next year in Shanghai.
  const newYear: Clock = { lang: "zh-CN", zone: "Asia/Shanghai", now: Date.UTC(2026, 11, 31, 17, 0) }; // 01:00 on 1 Jan 2027 there
  assert.equal(thisYear(newYear), 2027);
  assert.equal(instantText(Date.UTC(2026, 11, 31, 16, 30), WHEN_OPTS, newYear), "1月1日 00:30");
  assert.equal(instantText(Date.UTC(2026, 11, 31, 15, 30), WHEN_OPTS, newYear), "2026年12月31日 23:30");
  // In Los Angeles it is still 2026 then.
  assert.equal(thisYear({ ...newYear, zone: "America/Los_Angeles" }), 2026);
});

test("the year is added only to a date, and never twice", () => {
  assert.deepEqual(withYear({ weekday: "short" }, 2025, 2026), { weekday: "short" });
  assert.deepEqual(withYear({ month: "short" }, 2025, 2026), { month: "short" });
  assert.deepEqual(withYear({ month: "short", day: "numeric" }, 2026, 2026), { month: "short", day: "numeric" });
  assert.deepEqual(withYear({ month: "short", day: "numeric" }, 2025, 2026), { year: "numeric", month: "short", day: "numeric" });
  assert.deepEqual(withYear({ year: "2-digit", month: "short", day: "numeric" }, 2025, 2026), { year: "2-digit", month: "short", day: "numeric" });
});

test("a week of days names its years when it is not this year's", () => {
  // ICU puts thin spaces around the dash.
  const plain = (s: string) => s.replace(/[\u2009\u202f\u00a0]/g, " ");
  assert.equal(plain(dayRangeText("2026-11-23", "2026-11-29", { month: "short", day: "numeric" }, shanghai("en"))), "Nov 23 – 29");
  assert.equal(plain(dayRangeText("2025-12-29", "2026-01-04", { month: "short", day: "numeric" }, shanghai("en"))), "Dec 29, 2025 – Jan 4, 2026");
  assert.match(dayRangeText("2025-11-24", "2025-11-30", { month: "short", day: "numeric" }, shanghai()), /2025/);
});
