import assert from "node:assert/strict";
import { test } from "node:test";
import { activityOf, type DayLog } from "../../data/model";
import {
  activitiesOfDay,
  canDelete,
  checkDayEntry,
  isDay,
  lastDay,
  logStatus,
  mayHaveLog,
  neighbours,
  otherLogs,
  recentDays,
  revivalFields,
} from "./days";

const TODAY = "2026-12-03";

function log(over: Partial<DayLog> = {}): DayLog {
  return { id: "l", date: TODAY, plan: {}, problems: [], summary: "", state: "draft", reviewComment: "", amended: false, pending: false, ...over };
}

test("a log may be dated from 2000-01-01 to tomorrow, and only on a real day", () => {
  assert.equal(lastDay(TODAY), "2026-12-04");
  assert.equal(mayHaveLog(TODAY, TODAY), true);
  assert.equal(mayHaveLog("2026-12-04", TODAY), true);
  assert.equal(mayHaveLog("2026-12-05", TODAY), false);
  assert.equal(mayHaveLog("2099-01-01", TODAY), false);
  assert.equal(mayHaveLog("2000-01-01", TODAY), true);
  assert.equal(mayHaveLog("1999-12-31", TODAY), false);
  assert.equal(mayHaveLog("2026-02-30", TODAY), false);
  assert.equal(mayHaveLog("2026-2-3", TODAY), false);
  assert.equal(isDay("2024-02-29"), true);
  assert.equal(isDay("2026-02-29"), false);
});

test("the day arrows stop at the rule's ends", () => {
  assert.deepEqual(neighbours(TODAY, TODAY), { prev: "2026-12-02", next: "2026-12-04" });
  assert.deepEqual(neighbours("2026-12-04", TODAY), { prev: TODAY, next: null });
  assert.deepEqual(neighbours("2000-01-01", TODAY), { prev: null, next: "2000-01-02" });
  assert.deepEqual(neighbours("2025-12-31", TODAY), { prev: "2025-12-30", next: "2026-01-01" });
});

test("a date entered by hand is refused outside the rule, with the reason", () => {
  assert.deepEqual(checkDayEntry("2026-12-04", TODAY), { ok: true, day: "2026-12-04" });
  assert.deepEqual(checkDayEntry(" 2025-03-10 ", TODAY), { ok: true, day: "2025-03-10" });
  assert.deepEqual(checkDayEntry("2026-12-05", TODAY), { ok: false, problem: "tooLate" });
  assert.deepEqual(checkDayEntry("2099-01-01", TODAY), { ok: false, problem: "tooLate" });
  assert.deepEqual(checkDayEntry("1999-12-31", TODAY), { ok: false, problem: "tooEarly" });
  assert.deepEqual(checkDayEntry("", TODAY), { ok: false, problem: "notADay" });
  assert.deepEqual(checkDayEntry("2026-02-30", TODAY), { ok: false, problem: "notADay" });
});

test("the list shows two weeks from today, and every other day's log latest first", () => {
  const days = recentDays(TODAY);
  assert.equal(days.length, 14);
  assert.equal(days[0], TODAY);
  assert.equal(days[13], "2026-11-20");
  assert.deepEqual(recentDays("2000-01-02"), ["2000-01-02", "2000-01-01"]);
  const logs = [log({ date: "2026-12-01" }), log({ date: "2025-03-10" }), log({ date: "2099-01-01" }), log({ date: "2026-12-04" }), log({ date: "2026-01-05" })];
  assert.deepEqual(
    otherLogs(logs, days).map((l) => l.date),
    ["2099-01-01", "2026-12-04", "2026-01-05", "2025-03-10"],
  );
});

test("only a draft or a returned log may be deleted", () => {
  assert.equal(canDelete(null), false);
  assert.equal(canDelete(log({ state: "draft" })), true);
  assert.equal(canDelete(log({ state: "returned" })), true);
  assert.equal(canDelete(log({ state: "submitted" })), false);
  assert.equal(canDelete(log({ state: "approved" })), false);
});

test("a submitted log waits for the supervisor only once the server has it", () => {
  assert.equal(logStatus(null), null);
  assert.equal(logStatus(log({ state: "submitted", pending: true })), "submittedUnsent");
  assert.equal(logStatus(log({ state: "submitted", pending: false })), "submittedWaiting");
  assert.equal(logStatus(log({ state: "submitted", pending: false, amended: true })), "amendedWaiting");
  assert.equal(logStatus(log({ state: "submitted", pending: true, amended: true })), "submittedUnsent");
  assert.equal(logStatus(log({ state: "draft", pending: true })), "draftUnsent");
  assert.equal(logStatus(log({ state: "draft" })), "draftSaved");
  assert.equal(logStatus(log({ state: "approved" })), "approved");
  assert.equal(logStatus(log({ state: "approved", pending: true })), "approvedUnsent");
  assert.equal(logStatus(log({ state: "returned", pending: true })), "returnedUnsent");
});

test("a new log on a deleted day clears what the deleted one held", () => {
  assert.deepEqual(revivalFields(null), {});
  assert.deepEqual(revivalFields({ date: TODAY, summary: "x" }), {}, "not deleted: nothing to clear");
  assert.deepEqual(revivalFields({ date: TODAY, state: "draft", _deleted: true, plan: { visit: 4 }, summary: "旧的" }), {
    _deleted: false,
    plan: {},
    summary: "",
  });
  assert.deepEqual(revivalFields({ date: TODAY, _deleted: true, problems: [] }), { _deleted: false, problems: [] });
});

test("the log lists the day's activities of the team's day, earliest first, by instant", () => {
  const rec = (id: string, at: string, voided = false) =>
    activityOf({ collection: "activities", id, fields: { kind: "visit", occurred_at: at, voided }, stamps: {}, pending: false }, "Asia/Shanghai");
  const acts = [
    rec("0920", "2026-12-02T17:20:00-08:00"), // 09:20 on the 3rd in Shanghai, written in Los Angeles
    rec("0814", "2026-12-03T08:14:00+08:00"),
    rec("void", "2026-12-03T08:30:00+08:00", true),
    rec("other-day", "2026-12-03T16:30:00Z"), // 00:30 on the 4th in Shanghai
  ];
  assert.deepEqual(
    activitiesOfDay(acts, TODAY).map((a) => a.id),
    ["0814", "0920"],
  );
});
