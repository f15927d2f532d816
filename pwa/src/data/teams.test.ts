import assert from "node:assert/strict";
import { test } from "node:test";
import type { KeyValueStore } from "../remote/cache";
import { agentsOf, parseTeams, pickTeam, readTeamChoice, teamChoices, writeTeamChoice } from "./teams";
import { member } from "./testdata";

function memoryStore(): KeyValueStore {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    key: (i) => [...m.keys()][i] ?? null,
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, v),
    removeItem: (k) => void m.delete(k),
  };
}

test("a team's agents: its members with role agent, inactive ones too; members without a team are the replica's own", () => {
  const members = [member("a", "A"), member("b", "B", "agent", false), member("s", "S", "supervisor"), member("x", "X", "agent", true, "t2"), member("n", "N", "agent", true, "")];
  assert.deepEqual(
    agentsOf(members, "t1").map((m) => m.id),
    ["a", "b", "n"],
  );
  assert.deepEqual(
    agentsOf(members, "t2").map((m) => m.id),
    ["x", "n"],
  );
});

test("the admin's teams are read from the answer; a malformed one is refused", () => {
  assert.deepEqual(parseTeams({ teams: [{ id: "t1", name: "一组", time_zone: "Asia/Shanghai" }, { name: "no id" }] }), [{ id: "t1", name: "一组" }]);
  assert.equal(parseTeams({ error: {} }), null);
  assert.equal(parseTeams(undefined), null);
});

test("without the server's list, the teams are those the members records name", () => {
  const members = [member("a", "A", "agent", true, "t2"), member("b", "B"), member("c", "C", "agent", true, "t2"), member("d", "D", "admin", true, "")];
  assert.deepEqual(teamChoices(null, members), [
    { id: "t1", name: "" },
    { id: "t2", name: "" },
  ]);
  assert.deepEqual(teamChoices([{ id: "t9", name: "九组" }], members), [{ id: "t9", name: "九组" }]);
});

test("the stored choice is kept while it is still a team, else the first team", () => {
  const teams = [
    { id: "t1", name: "一组" },
    { id: "t2", name: "二组" },
  ];
  const s = memoryStore();
  assert.equal(pickTeam(teams, readTeamChoice(s, "admin")), "t1");
  writeTeamChoice(s, "admin", "t2");
  assert.equal(pickTeam(teams, readTeamChoice(s, "admin")), "t2");
  assert.equal(readTeamChoice(s, "other"), null, "per user");
  assert.equal(pickTeam(teams, "gone"), "t1");
  assert.equal(pickTeam([], "t1"), null);
});
