import assert from "node:assert/strict";
import { test } from "node:test";
import {
  checkSettings,
  DEFAULT_SETTINGS,
  meetingNamesOf,
  pointsEach,
  settingsChanged,
  settingsForm,
  settingsJSON,
  untargeted,
  validateSettings,
  weekStart,
  weightSum,
  type SettingsForm,
  type SettingsJSON,
} from "./settings";

/** The demo team's settings as the server answers them. */
const SERVER: SettingsJSON = {
  time_zone: "Asia/Shanghai",
  weekly_table: [
    { kind: "prospect", weight: 12, target: 12 },
    { kind: "appointment", weight: 16, target: 16 },
    { kind: "visit", weight: 40, target: 20 },
    { kind: "sales_interview", weight: 16, target: 4 },
    { kind: "closing_interview", weight: 16, target: 2 },
  ],
  daily_visit_target: 4,
  rest_days: ["saturday", "sunday"],
  awards: { streak: 50, weekly_progress: 200, monthly_champion: 500 },
  benchmark: { visits_per_day: 20, close_rate: 0.08 },
  standings: { names: "all" },
  retention: { prospect_months: 24 },
};

function edited(change: (f: SettingsForm) => void, from: SettingsJSON = SERVER): SettingsForm {
  const f = settingsForm(from);
  change(f);
  return f;
}

function sent(f: SettingsForm, original: SettingsJSON = SERVER): SettingsJSON {
  const c = checkSettings(f);
  assert.ok(c.ok, `the form should pass: ${JSON.stringify(c)}`);
  return settingsJSON(c.values, original);
}

test("the form shows the settings: the table by kind, the close rate in percent, kinds not in the table empty", () => {
  const f = settingsForm(SERVER);
  assert.equal(f.weights.visit, "40");
  assert.equal(f.targets.closing_interview, "2");
  assert.equal(f.weights.call, "");
  assert.equal(f.targets.deal, "");
  assert.equal(f.closeRate, "8");
  assert.equal(f.visitsPerDay, "20");
  assert.deepEqual(f.restDays, ["saturday", "sunday"]);
  assert.equal(f.awardMonthlyChampion, "500");
  assert.equal(f.meetingNames, "show");
});

test("an unchanged form sends back exactly what the server holds", () => {
  assert.deepEqual(sent(settingsForm(SERVER)), SERVER);
  assert.equal(settingsChanged(settingsForm(SERVER), SERVER), false);
});

test("fields this version does not know are sent back as they came (the server refuses unknown fields)", () => {
  const s = { ...SERVER, future_field: { x: 1 }, awards: { streak: 50, weekly_progress: 200, monthly_champion: 500, future: 7 } };
  const out = sent(edited((f) => (f.awardStreak = "80"), s), s);
  assert.deepEqual(out["future_field"], { x: 1 });
  assert.deepEqual(out["awards"], { streak: 80, weekly_progress: 200, monthly_champion: 500, future: 7 });
});

test("close rate: percent in the form, a fraction in the JSON, without float noise", () => {
  for (const [pct, fraction] of [
    ["8", 0.08],
    ["7", 0.07],
    ["12.5", 0.125],
    ["0", 0],
    ["100", 1],
  ] as const) {
    const out = sent(edited((f) => (f.closeRate = pct)));
    assert.equal((out["benchmark"] as { close_rate: number }).close_rate, fraction);
    assert.equal(settingsForm(out).closeRate, pct === "12.5" ? "12.5" : pct);
  }
  assert.equal(settingsForm({ ...SERVER, benchmark: { visits_per_day: 20, close_rate: 0.07 } }).closeRate, "7");
  assert.equal(settingsForm({ ...SERVER, benchmark: { visits_per_day: 20, close_rate: 0.29 } }).closeRate, "29");
});

test("the weights' sum: what is missing or over, decimals forgiven as the server does", () => {
  assert.deepEqual(weightSum(settingsForm(SERVER)), { sum: 100, ok: true, missing: 0, over: 0, unreadable: false });
  assert.deepEqual(weightSum(edited((f) => (f.weights.visit = "36"))), { sum: 96, ok: false, missing: 4, over: 0, unreadable: false });
  assert.deepEqual(weightSum(edited((f) => (f.weights.call = "4.5"))), { sum: 104.5, ok: false, missing: 0, over: 4.5, unreadable: false });
  const thirds = edited((f) => {
    for (const k of ["prospect", "appointment", "sales_interview", "closing_interview"] as const) f.weights[k] = "";
    f.weights.visit = "33.3";
    f.weights.call = "33.3";
    f.weights.deal = "33.4";
  });
  assert.equal(weightSum(thirds).ok, true);
  assert.equal(weightSum(thirds).sum, 100);
  const tenths = edited((f) => {
    f.weights.visit = "39.9";
    f.weights.deal = "0.1";
  });
  assert.deepEqual(weightSum(tenths), { sum: 100, ok: true, missing: 0, over: 0, unreadable: false });
  const bad = weightSum(edited((f) => (f.weights.visit = "forty")));
  assert.equal(bad.ok, false);
  assert.equal(bad.unreadable, true);
  assert.equal(bad.sum, 60);
});

test("the guide's worked example table (prospect 30 / appointment 12 / visit 50 / deal 8) is sent as it reads", () => {
  const f = edited((f) => {
    for (const k of ["sales_interview", "closing_interview"] as const) {
      f.weights[k] = "";
      f.targets[k] = "";
    }
    Object.assign(f.weights, { prospect: "30", appointment: "12", visit: "50", deal: "8" });
    Object.assign(f.targets, { prospect: "60", appointment: "12", visit: "10", deal: "1" });
  });
  assert.deepEqual(sent(f)["weekly_table"], [
    { kind: "prospect", weight: 30, target: 60 },
    { kind: "appointment", weight: 12, target: 12 },
    { kind: "visit", weight: 50, target: 10 },
    { kind: "deal", weight: 8, target: 1 },
  ]);
  assert.equal(pointsEach(f, "visit"), 5);
  assert.equal(pointsEach(f, "prospect"), 0.5);
  assert.equal(pointsEach(f, "call"), null);
});

test("a kind with a target but no weight stays in the table; one with neither leaves it", () => {
  const out = sent(edited((f) => (f.targets.call = "30")));
  assert.deepEqual((out["weekly_table"] as unknown[])[1], { kind: "call", weight: 0, target: 30 });
  const zeros = sent(edited((f) => ((f.weights.deal = "0"), (f.targets.deal = "0"))));
  assert.equal((zeros["weekly_table"] as unknown[]).length, 5);
});

test("kinds with a weight and no target are named: the scoring leaves them out and scales the others", () => {
  const f = edited((f) => ((f.targets.visit = "0"), (f.targets.prospect = "")));
  assert.deepEqual(untargeted(f), ["prospect", "visit"]);
  assert.deepEqual(untargeted(settingsForm(SERVER)), []);
});

test("each field is checked as settings.go Validate checks it, the problem under that field", () => {
  const cases: [string, (f: SettingsForm) => void, string, string][] = [
    ["weight not a number", (f) => (f.weights.visit = "4o"), "weight-visit", "number"],
    ["negative weight", (f) => (f.weights.visit = "-4"), "weight-visit", "range"],
    ["negative close rate", (f) => (f.closeRate = "-8"), "closeRate", "range"],
    ["two points", (f) => (f.visitsPerDay = "2.5.1"), "visitsPerDay", "number"],
    ["weight over 100", (f) => ((f.weights.visit = "140"), (f.weights.prospect = "")), "weight-visit", "range"],
    ["target not whole", (f) => (f.targets.visit = "2.5"), "target-visit", "range"],
    ["target over 10000", (f) => (f.targets.visit = "10001"), "target-visit", "range"],
    ["daily target over 100", (f) => (f.dailyVisitTarget = "101"), "dailyVisitTarget", "range"],
    ["daily target empty", (f) => (f.dailyVisitTarget = " "), "dailyVisitTarget", "required"],
    ["award negative", (f) => (f.awardStreak = "-50"), "awardStreak", "range"],
    ["award in fen", (f) => (f.awardWeeklyProgress = "199.5"), "awardWeeklyProgress", "range"],
    ["close rate over 100%", (f) => (f.closeRate = "101"), "closeRate", "range"],
    ["close rate empty", (f) => (f.closeRate = ""), "closeRate", "required"],
    ["visits a day not a number", (f) => (f.visitsPerDay = "twenty"), "visitsPerDay", "number"],
    ["no time zone", (f) => (f.timeZone = ""), "timeZone", "required"],
    ["time zone with a space", (f) => (f.timeZone = "Asia/ Shanghai"), "timeZone", "timeZone"],
    ["retention of 5 months", (f) => (f.prospectMonths = "5"), "prospectMonths", "retention"],
    ["retention over 120 months", (f) => (f.prospectMonths = "121"), "prospectMonths", "retention"],
    ["retention not whole", (f) => (f.prospectMonths = "24.5"), "prospectMonths", "retention"],
    ["retention empty", (f) => (f.prospectMonths = ""), "prospectMonths", "required"],
  ];
  for (const [name, change, field, code] of cases) {
    const c = checkSettings(edited(change));
    assert.equal(c.ok, false, name);
    if (c.ok) continue;
    assert.equal((c.problems as Record<string, { code: string }>)[field]?.code, code, `${name}: ${JSON.stringify(c.problems)}`);
  }
});

test("a sum other than 100 fails the check with no field problem", () => {
  const c = checkSettings(edited((f) => (f.weights.visit = "30")));
  assert.equal(c.ok, false);
  if (!c.ok) {
    assert.deepEqual(c.problems, {});
    assert.equal(c.sum.missing, 10);
  }
});

test("rest days are sent in weekday order, whatever order they were ticked in", () => {
  const out = sent(edited((f) => (f.restDays = ["sunday", "wednesday"])));
  assert.deepEqual(out["rest_days"], ["wednesday", "sunday"]);
});

test("meeting names come from standings.names; missing shows, unknown hides", () => {
  assert.equal(meetingNamesOf({}), "show");
  assert.equal(meetingNamesOf({ standings: { names: "" } }), "show");
  assert.equal(meetingNamesOf({ standings: { names: "all" } }), "show");
  assert.equal(meetingNamesOf({ standings: { names: "hidden" } }), "hide");
  assert.equal(meetingNamesOf({ standings: { names: "neighbours" } }), "neighbours");
  assert.equal(meetingNamesOf({ standings: { names: "initials" } }), "hide");
});

test("meeting names are sent as standings.names", () => {
  for (const [choice, names] of [
    ["show", "all"],
    ["hide", "hidden"],
    ["neighbours", "neighbours"],
  ] as const) {
    const out = sent(edited((f) => (f.meetingNames = choice)));
    assert.deepEqual(out["standings"], { names });
  }
  const f = settingsForm(SERVER);
  assert.equal(f.meetingNames, "show");
  assert.equal(settingsChanged(f, SERVER), false);
});

test("what the form sends passes the mirror of Validate; what Validate refuses, the mirror refuses", () => {
  assert.equal(validateSettings(SERVER), null);
  assert.equal(validateSettings(DEFAULT_SETTINGS), null);
  const bad: [string, SettingsJSON][] = [
    ["no time zone", { ...SERVER, time_zone: "" }],
    ["empty table", { ...SERVER, weekly_table: [] }],
    ["unknown kind", { ...SERVER, weekly_table: [{ kind: "nap", weight: 100, target: 1 }] }],
    ["kind twice", { ...SERVER, weekly_table: [{ kind: "visit", weight: 50, target: 1 }, { kind: "visit", weight: 50, target: 1 }] }],
    ["weight over 100", { ...SERVER, weekly_table: [{ kind: "visit", weight: 120, target: 1 }, { kind: "deal", weight: -20, target: 1 }] }],
    ["target over 10000", { ...SERVER, weekly_table: [{ kind: "visit", weight: 100, target: 10001 }] }],
    ["sum 99", { ...SERVER, weekly_table: [{ kind: "visit", weight: 99, target: 1 }] }],
    ["daily target 101", { ...SERVER, daily_visit_target: 101 }],
    ["rest day typo", { ...SERVER, rest_days: ["sundy"] }],
    ["negative award", { ...SERVER, awards: { streak: -1, weekly_progress: 0, monthly_champion: 0 } }],
    ["close rate 8", { ...SERVER, benchmark: { visits_per_day: 20, close_rate: 8 } }],
    ["meeting names missing", { ...SERVER, standings: undefined }],
    ["standings names typo", { ...SERVER, standings: { names: "show" } }],
    ["retention of 5 months", { ...SERVER, retention: { prospect_months: 5 } }],
    ["retention of 121 months", { ...SERVER, retention: { prospect_months: 121 } }],
    ["retention missing", { ...SERVER, retention: undefined }],
  ];
  for (const [name, s] of bad) assert.notEqual(validateSettings(s), null, name);
  const forms = [
    edited((f) => (f.weights.visit = "39.999")),
    edited((f) => ((f.weights.visit = "20"), (f.weights.deal = "20"), (f.targets.deal = "1"))),
    edited((f) => ((f.restDays = ["monday"]), (f.closeRate = "0.5"), (f.timeZone = "Europe/London"))),
  ];
  for (const f of forms) {
    const c = checkSettings(f);
    if (c.ok) assert.equal(validateSettings(settingsJSON(c.values, SERVER)), null);
  }
});

test("the retention of Plan 100 names: 0 keeps them for ever, 6 to 120 months, sent as retention.prospect_months", () => {
  assert.equal(settingsForm(SERVER).prospectMonths, "24");
  for (const months of ["0", "6", "120", " 36 "]) {
    const out = sent(edited((f) => (f.prospectMonths = months)));
    assert.deepEqual(out["retention"], { prospect_months: Number(months) }, months);
    assert.equal(validateSettings(out), null, months);
  }
  assert.equal(settingsChanged(edited((f) => (f.prospectMonths = "36")), SERVER), true);
  assert.equal(settingsChanged(edited((f) => (f.prospectMonths = "24 ")), SERVER), false);
});

test("a change is noticed, and spelling a number another way is not a change", () => {
  assert.equal(settingsChanged(edited((f) => (f.weights.visit = "40.0")), SERVER), false);
  assert.equal(settingsChanged(edited((f) => (f.weights.call = "0")), SERVER), false);
  assert.equal(settingsChanged(edited((f) => (f.restDays = ["sunday", "saturday"])), SERVER), false);
  assert.equal(settingsChanged(edited((f) => (f.weights.visit = "41")), SERVER), true);
  assert.equal(settingsChanged(edited((f) => (f.meetingNames = "hide")), SERVER), true);
  assert.equal(settingsChanged(edited((f) => (f.restDays = [])), SERVER), true);
});

test("a change applies from the Monday of the current week in the team's time zone", () => {
  const saturday = new Date("2026-11-28T10:00:00Z");
  assert.equal(weekStart(saturday, "Asia/Shanghai"), "2026-11-23");
  // 20:00 UTC on Sunday is already Monday in Shanghai, still Sunday in Los Angeles.
  const sundayNight = new Date("2026-11-29T20:00:00Z");
  assert.equal(weekStart(sundayNight, "Asia/Shanghai"), "2026-11-30");
  assert.equal(weekStart(sundayNight, "America/Los_Angeles"), "2026-11-23");
  // A Monday is its own week's start; a week may start in the month before.
  assert.equal(weekStart(new Date("2026-11-30T01:00:00Z"), "UTC"), "2026-11-30");
  assert.equal(weekStart(new Date("2026-12-02T01:00:00Z"), "UTC"), "2026-11-30");
  assert.equal(weekStart(saturday, "Not/AZone"), null);
});
