import assert from "node:assert/strict";
import { test } from "node:test";
import { dayIn, fromWall, instant, offsetMinutes, rfc3339In, rfc3339Local, wallInput } from "./time";

test("RFC 3339 with the local offset, naming the same instant", () => {
  for (const ms of [0, 1764312345000, 1719792000000, Date.UTC(2026, 10, 28, 2, 30, 0)]) {
    const got = rfc3339Local(new Date(ms));
    assert.match(got, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
    assert.equal(Date.parse(got), ms, got);
  }
});

test("a visit at 00:14 UTC is 08:14 on the 28th in Shanghai and 16:14 on the 27th in Los Angeles", () => {
  const ms = Date.UTC(2026, 10, 28, 0, 14, 0);
  assert.equal(rfc3339In(ms, "Asia/Shanghai"), "2026-11-28T08:14:00+08:00");
  assert.equal(rfc3339In(ms, "America/Los_Angeles"), "2026-11-27T16:14:00-08:00");
  assert.equal(dayIn(ms, "Asia/Shanghai"), "2026-11-28");
  assert.equal(dayIn(ms, "America/Los_Angeles"), "2026-11-27");
  assert.equal(wallInput(ms, "Asia/Shanghai"), "2026-11-28T08:14");
  assert.equal(offsetMinutes(ms, "Pacific/Kiritimati"), 14 * 60);
  assert.equal(instant(rfc3339In(ms, "Pacific/Kiritimati")), ms);
});

test("a wall time in a zone back to its instant, across daylight saving and at the extremes", () => {
  const cases: [string, string, number][] = [
    ["2026-11-28T08:14", "Asia/Shanghai", Date.UTC(2026, 10, 28, 0, 14)],
    ["2026-07-01T12:00", "America/New_York", Date.UTC(2026, 6, 1, 16, 0)],
    ["2026-01-01T12:00", "America/New_York", Date.UTC(2026, 0, 1, 17, 0)],
    ["2026-03-08T02:30", "America/New_York", Date.UTC(2026, 2, 8, 7, 30)], // in the gap: after it
    ["2000-01-01T00:00", "Pacific/Kiritimati", Date.UTC(1999, 11, 31, 10, 0)],
    ["2026-12-04T23:59:59", "Etc/GMT+12", Date.UTC(2026, 11, 5, 11, 59, 59)],
  ];
  for (const [wall, zone, want] of cases) assert.equal(fromWall(wall, zone), want, `${wall} ${zone}`);
  for (const bad of ["", "2026-13-01T00:00", "2026-11-28 08:14", "2026-11-28T24:00"]) assert.equal(fromWall(bad, "UTC"), null, bad);
});
