import assert from "node:assert/strict";
import { test } from "node:test";
import { currentScreen, SCREENS, screenFor, tabLit, tabsFor } from "./registry";

const tabs = (role: string | undefined) => tabsFor(role).map((t) => `${t.screen} ${t.label} ${t.icon}`);

test("each role's tab bar, in order", () => {
  assert.deepEqual(tabs("agent"), ["today nav.today ◎", "plan nav.plan ☰", "customers nav.customers ◉", "log nav.log ✎", "me nav.me ★"]);
  assert.deepEqual(tabs("supervisor"), ["queue nav.queue ✔", "dashboard nav.dashboard ▦", "meeting nav.meeting ▶", "team nav.team ★", "sync nav.sync ⇅"]);
  assert.deepEqual(tabs("admin"), ["admin nav.admin ⚙", "dashboard nav.dashboard ▦", "sync nav.sync ⇅"]);
  assert.deepEqual(tabs(undefined), tabs("agent"), "an unknown role sees the agent's tabs");
});

test("a role opens on its first tab", () => {
  assert.equal(currentScreen("agent", ""), "today");
  assert.equal(currentScreen("supervisor", ""), "queue");
  assert.equal(currentScreen("admin", ""), "admin");
  assert.equal(currentScreen("admin", "sync"), "sync");
});

test("who may open each screen", () => {
  const open = (role: string) => SCREENS.filter((s) => screenFor(role, s.name) !== null).map((s) => s.name);
  assert.deepEqual(open("agent"), ["today", "plan", "customers", "log", "me", "goal", "team", "sync"]);
  assert.deepEqual(open("supervisor"), ["queue", "dashboard", "meeting", "team", "agent", "sync"]);
  assert.deepEqual(open("admin"), ["admin", "queue", "dashboard", "meeting", "team", "agent", "sync"]);
  assert.equal(screenFor("agent", "nowhere"), null);
  assert.equal(new Set(SCREENS.map((s) => s.name)).size, SCREENS.length, "each screen once");
});

test("the tab lit on each screen", () => {
  const lit = (role: string, current: string) =>
    tabsFor(role)
      .filter((t) => tabLit(role, t, current))
      .map((t) => t.screen);
  assert.deepEqual(["team", "goal", "sync", "me"].map((s) => lit("agent", s)), [["me"], ["me"], ["me"], ["me"]]);
  assert.deepEqual(lit("agent", "plan"), ["plan"]);
  assert.deepEqual(["agent", "dashboard"].map((s) => lit("supervisor", s)), [["dashboard"], ["dashboard"]]);
  assert.deepEqual(lit("supervisor", "goal"), []);
  assert.deepEqual(["agent", "meeting", "dashboard"].map((s) => lit("admin", s)), [["dashboard"], ["dashboard"], ["dashboard"]]);
  assert.deepEqual(lit("admin", "queue"), []);
});
