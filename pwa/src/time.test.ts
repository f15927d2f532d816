import assert from "node:assert/strict";
import { test } from "node:test";
import { dayIn, fromWall, instant, offsetMinutes, rfc3339In, rfc3339Local, wallInput, wallTime } from "./time";

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

test("a day in a zone is the wall clock's day, on days when the offset changes too", () => {
  // The slow, sure way: the wall clock's fields.
  const slow = (ms: number, zone: string) => {
    const w = wallTime(ms, zone);
    return `${String(w.year).padStart(4, "0")}-${String(w.month).padStart(2, "0")}-${String(w.day).padStart(2, "0")}`;
  };
  const zones = ["Asia/Shanghai", "America/Los_Angeles", "Europe/London", "Australia/Lord_Howe", "Pacific/Chatham", "Asia/Kathmandu", "UTC"];
  const from = Date.UTC(2026, 0, 1);
  const to = Date.UTC(2027, 0, 1);
  for (const zone of zones) {
    for (let ms = from; ms < to; ms += 53 * 60_000 + 7_000) assert.equal(dayIn(ms, zone), slow(ms, zone), `${zone} at ${new Date(ms).toISOString()}`);
  }
  // Each minute around Los Angeles' changes of offset in 2026 (8 March, 1 November, 10:00 UTC).
  for (const change of [Date.UTC(2026, 2, 8, 10), Date.UTC(2026, 10, 1, 9)]) {
    for (let ms = change - 12 * 3_600_000; ms < change + 12 * 3_600_000; ms += 60_000) {
      assert.equal(dayIn(ms, "America/Los_Angeles"), slow(ms, "America/Los_Angeles"), new Date(ms).toISOString());
    }
  }
});

test("the wall clock of an instant is Intl's, on days when the offset changes too and in old local mean times", () => {
  const formats = new Map<string, Intl.DateTimeFormat>();
  const parts = (ms: number, zone: string) => {
    let f = formats.get(zone);
    if (!f) {
      f = new Intl.DateTimeFormat("en-US", {
        timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric",
      });
      formats.set(zone, f);
    }
    const out: Record<string, number> = {};
    for (const p of f.formatToParts(ms)) if (p.type !== "literal") out[p.type] = Number(p.value);
    return { year: out["year"], month: out["month"], day: out["day"], hour: out["hour"]! % 24, minute: out["minute"], second: out["second"] };
  };
  const zones = ["Asia/Shanghai", "America/Los_Angeles", "Europe/London", "Australia/Lord_Howe", "Pacific/Chatham", "Asia/Kathmandu", "UTC"];
  const spans: [number, number, number][] = [
    [Date.UTC(2026, 0, 1), Date.UTC(2027, 0, 1), 37 * 60_000 + 11_123],
    [Date.UTC(1890, 0, 1), Date.UTC(1890, 0, 20), 41 * 60_000 + 999], // local mean time: offsets with seconds
    [new Date(0).setUTCFullYear(50, 0, 1), new Date(0).setUTCFullYear(50, 0, 3), 97 * 60_000], // a year Date.UTC would read as 1950
  ];
  for (const zone of zones) {
    for (const [from, to, step] of spans) {
      for (let ms = from; ms < to; ms += step) assert.deepEqual(wallTime(ms, zone), parts(ms, zone), `${zone} at ${new Date(ms).toISOString()}`);
    }
    // Each minute around Los Angeles' changes of offset in 2026.
    for (const change of [Date.UTC(2026, 2, 8, 10), Date.UTC(2026, 10, 1, 9)]) {
      for (let ms = change - 3 * 3_600_000; ms < change + 3 * 3_600_000; ms += 60_000 + 500) assert.deepEqual(wallTime(ms, zone), parts(ms, zone), `${zone} at ${new Date(ms).toISOString()}`);
    }
  }
});
