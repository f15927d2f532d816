import assert from "node:assert/strict";
import { test } from "node:test";
import { parseMeetingSettings, showNames } from "./names";

test("standings.names: missing or all shows; hidden and neighbours are read; an unknown value hides", () => {
  assert.deepEqual(parseMeetingSettings({ time_zone: "Asia/Shanghai" }), { names: "show" });
  assert.deepEqual(parseMeetingSettings({ standings: { names: "all" } }), { names: "show" });
  assert.deepEqual(parseMeetingSettings({ standings: { names: "hidden" } }), { names: "hide" });
  assert.deepEqual(parseMeetingSettings({ standings: { names: "neighbours" } }), { names: "neighbours" });
  assert.deepEqual(parseMeetingSettings({ standings: { names: "initials" } }), { names: "hide" });
  assert.equal(parseMeetingSettings(null), null);
  assert.equal(parseMeetingSettings([1]), null);
});

const ranked = ["a", "b", "c", "d", "e"].map((id) => ({ agentId: id, name: id.toUpperCase() }));
const named = (m: Map<string, { named: boolean }>) => [...m.values()].map((s) => s.named);

test("show names everyone; hide names nobody; neighbours names the picked agent and those ranked beside them", () => {
  assert.deepEqual(named(showNames(ranked, "show")), [true, true, true, true, true]);
  assert.deepEqual(named(showNames(ranked, "hide", "c")), [false, false, false, false, false]);
  assert.deepEqual(named(showNames(ranked, "neighbours")), [false, false, false, false, false]);
  assert.deepEqual(named(showNames(ranked, "neighbours", "c")), [false, true, true, true, false]);
  assert.deepEqual(named(showNames(ranked, "neighbours", "a")), [true, true, false, false, false]);
  assert.deepEqual(named(showNames(ranked, "neighbours", "gone")), [false, false, false, false, false]);
});

test("places follow the rank order, one per agent, for the 1号, 2号… aliases", () => {
  const got = showNames(ranked, "hide");
  assert.deepEqual(
    [...got.entries()].map(([id, s]) => [id, s.place]),
    [
      ["a", 1],
      ["b", 2],
      ["c", 3],
      ["d", 4],
      ["e", 5],
    ],
  );
  assert.equal(got.get("d")?.name, "D", "the name is kept for the supervisor's own screen");
});
