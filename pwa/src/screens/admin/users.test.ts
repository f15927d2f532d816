import assert from "node:assert/strict";
import { test } from "node:test";
import { refusalField, refusalProblem } from "./problems";
import {
  ALL_USERS,
  checkNewTeam,
  checkNewUser,
  checkProfile,
  checkUsername,
  EMPTY_USER,
  filterUsers,
  moveKind,
  NEW_TEAM_REFUSALS,
  NEW_USER_REFUSALS,
  newUserBody,
  parseTeams,
  parseUserPage,
  parseUsers,
  PROFILE_REFUSALS,
  profileDraft,
  profilePatch,
  teamCounts,
  userPageQuery,
  type AdminUser,
  type Team,
} from "./users";

const TEAMS: Team[] = [
  { id: "t1", name: "一组", time_zone: "Asia/Shanghai" },
  { id: "t2", name: "二组", time_zone: "Asia/Shanghai" },
];

function user(username: string, name: string, role: AdminUser["role"], team_id = "t1", disabled = false): AdminUser {
  return { id: `id-${username}`, username, name, role, team_id, disabled };
}

const USERS = [
  user("lina", "李娜", "agent"),
  user("wangqiang", "王强", "agent", "t2"),
  user("zhoumin", "周敏", "supervisor"),
  user("chensisi", "陈思思", "agent", "t1", true),
  user("demo-admin", "演示管理员", "admin", ""),
];

const zh = new Intl.Collator("zh-CN").compare;

test("the users answer is read, and what is not a user is left out", () => {
  const raw = {
    users: [
      { id: "u1", username: "lina", name: "李娜", role: "agent", team_id: "t1", disabled: false },
      { id: "u2", username: "boss", name: "", role: "admin", team_id: "", disabled: true },
      { id: "u3", username: "ghost", role: "owner" },
      null,
    ],
  };
  assert.deepEqual(parseUsers(raw), [
    { id: "u1", username: "lina", name: "李娜", role: "agent", team_id: "t1", disabled: false },
    { id: "u2", username: "boss", name: "", role: "admin", team_id: "", disabled: true },
  ]);
  assert.equal(parseUsers({ teams: [] }), null);
  assert.deepEqual(parseTeams({ teams: [{ id: "t1", name: "一组", time_zone: "Asia/Shanghai" }, { id: 3 }] }), [TEAMS[0]]);
});

test("search finds a name or a username in any case; filters by role and team; sorted by name (pinyin)", () => {
  const names = (f: Partial<typeof ALL_USERS>) => filterUsers(USERS, { ...ALL_USERS, ...f }, zh).map((u) => u.username);
  assert.deepEqual(names({}), ["chensisi", "lina", "wangqiang", "demo-admin", "zhoumin"]);
  assert.deepEqual(names({ query: " 王 " }), ["wangqiang"]);
  assert.deepEqual(names({ query: "LINA" }), ["lina"]);
  assert.deepEqual(names({ role: "agent" }), ["chensisi", "lina", "wangqiang"]);
  assert.deepEqual(names({ team: "t2" }), ["wangqiang"]);
  assert.deepEqual(names({ team: "none" }), ["demo-admin"]);
  assert.deepEqual(names({ role: "supervisor", team: "t2" }), []);
});

test("a team's members are counted without disabled users", () => {
  assert.deepEqual(teamCounts(USERS).get("t1"), { agents: 1, supervisors: 1 });
  assert.deepEqual(teamCounts(USERS).get("t2"), { agents: 1, supervisors: 0 });
});

test("a username is 1 to 64 bytes without spaces or '/', as the server wants", () => {
  assert.deepEqual(checkUsername("  "), { code: "required" });
  assert.deepEqual(checkUsername("li na"), { code: "username" });
  assert.deepEqual(checkUsername("li/na"), { code: "username" });
  assert.equal(checkUsername(" lina "), null);
  assert.equal(checkUsername("a".repeat(64)), null);
  assert.deepEqual(checkUsername("a".repeat(65)), { code: "tooLong", max: 64 });
  assert.deepEqual(checkUsername("李".repeat(22)), { code: "tooLong", max: 64 }); // 66 bytes
});

test("a new agent or supervisor needs one of the teams; an admin need not", () => {
  const d = { ...EMPTY_USER, username: "newbie", password: "fieldbook-1", again: "fieldbook-1" };
  assert.deepEqual(checkNewUser(d, TEAMS), { teamId: { code: "required" } });
  assert.deepEqual(checkNewUser({ ...d, role: "supervisor" }, TEAMS), { teamId: { code: "required" } });
  assert.deepEqual(checkNewUser({ ...d, teamId: "gone" }, TEAMS), { teamId: { code: "required" } });
  assert.deepEqual(checkNewUser({ ...d, teamId: "t1" }, TEAMS), {});
  assert.deepEqual(checkNewUser({ ...d, role: "admin" }, TEAMS), {});
});

test("a new user's problems come by field, passwords included", () => {
  const got = checkNewUser({ ...EMPTY_USER, username: "a b", name: "名".repeat(101), teamId: "t1", password: "short", again: "" }, TEAMS);
  assert.deepEqual(Object.keys(got), ["username", "name", "password"]);
  assert.deepEqual(checkNewUser({ ...EMPTY_USER, username: "ab", teamId: "t1", password: "fieldbook-1", again: "fieldbook-2" }, TEAMS), {
    again: { code: "mismatch" },
  });
});

test("the new user's body: trimmed username and name, the password as typed", () => {
  assert.deepEqual(newUserBody({ username: " newbie ", name: " 新人 ", role: "agent", teamId: "t1", password: " pass word ", again: " pass word " }), {
    username: "newbie",
    password: " pass word ",
    name: "新人",
    role: "agent",
    team_id: "t1",
  });
});

test("a user's page sends only what changed", () => {
  const lina = USERS[0]!;
  assert.deepEqual(profilePatch(lina, profileDraft(lina)), {});
  assert.deepEqual(profilePatch(lina, { ...profileDraft(lina), name: " 李娜 " }), {});
  assert.deepEqual(profilePatch(lina, { ...profileDraft(lina), teamId: "t2" }), { team_id: "t2" });
  assert.deepEqual(profilePatch(lina, { name: "李娜娜", role: "supervisor", teamId: "t1" }), { name: "李娜娜", role: "supervisor" });
  assert.deepEqual(checkProfile({ ...profileDraft(lina), teamId: "" }, TEAMS), { teamId: { code: "required" } });
  assert.deepEqual(checkProfile({ name: "", role: "admin", teamId: "" }, TEAMS), {});
});

test("a team move is explained for whom it concerns", () => {
  const lina = USERS[0]!;
  assert.equal(moveKind(lina, profileDraft(lina)), null);
  assert.equal(moveKind(lina, { ...profileDraft(lina), teamId: "t2" }), "agent");
  assert.equal(moveKind(USERS[2]!, { ...profileDraft(USERS[2]!), teamId: "t2" }), "supervisor");
  // An admin without a team given one moves nobody's records.
  assert.equal(moveKind(USERS[4]!, { ...profileDraft(USERS[4]!), teamId: "t1" }), null);
});

test("a new team needs a new name of at most 100 characters", () => {
  assert.deepEqual(checkNewTeam({ name: " ", timeZone: "Asia/Shanghai" }, TEAMS), { name: { code: "required" } });
  assert.deepEqual(checkNewTeam({ name: "一组", timeZone: "Asia/Shanghai" }, TEAMS), { name: { code: "taken" } });
  assert.deepEqual(checkNewTeam({ name: "组".repeat(101), timeZone: "Asia/Shanghai" }, TEAMS), { name: { code: "tooLong", max: 100 } });
  assert.deepEqual(checkNewTeam({ name: "三组", timeZone: "" }, TEAMS), { timeZone: { code: "required" } });
  assert.deepEqual(checkNewTeam({ name: "三组", timeZone: "Asia/Shanghai" }, TEAMS), {});
});

test("the server's refusals are said under the field they are about (its own messages)", () => {
  const r = (status: number, code: string, message: string) => ({ status, code, message });
  assert.equal(refusalField(r(409, "conflict", 'the username "lina" is taken'), NEW_USER_REFUSALS), "username");
  assert.deepEqual(refusalProblem(r(409, "conflict", 'the username "lina" is taken')), { code: "taken" });
  assert.equal(refusalField(r(400, "invalid", "password: a password needs at least 8 characters"), NEW_USER_REFUSALS), "password");
  assert.equal(refusalField(r(400, "invalid", "username must have 1 to 64 characters and no spaces or '/'"), NEW_USER_REFUSALS), "username");
  assert.equal(refusalField(r(400, "invalid", "agents and supervisors need a team_id"), NEW_USER_REFUSALS), "teamId");
  assert.equal(refusalField(r(400, "invalid", 'there is no team "x"'), PROFILE_REFUSALS), "teamId");
  assert.equal(refusalField(r(400, "invalid", "name must have at most 100 characters"), PROFILE_REFUSALS), "name");
  assert.equal(refusalField(r(400, "invalid", "you cannot disable yourself or give up your own admin role"), PROFILE_REFUSALS), "role");
  assert.equal(refusalField(r(409, "conflict", 'there is a team named "一组" already'), NEW_TEAM_REFUSALS), "name");
  assert.equal(refusalField(r(400, "invalid", 'time_zone "Mars/Base" is not a known IANA time zone such as Asia/Shanghai'), NEW_TEAM_REFUSALS), "timeZone");
  assert.deepEqual(refusalProblem(r(400, "invalid", 'time_zone "Mars/Base" is not a known IANA time zone such as Asia/Shanghai')), {
    code: "unknownZone",
  });
  assert.deepEqual(refusalProblem(r(400, "invalid", "name must have at most 100 characters")), {
    code: "server",
    message: "name must have at most 100 characters",
  });
  assert.equal(refusalField(r(403, "forbidden", "admins only"), NEW_USER_REFUSALS), null);
});

test("a page of users is asked for with the filters, on the server", () => {
  assert.equal(userPageQuery(ALL_USERS, ""), "limit=50");
  const q = new URLSearchParams(userPageQuery({ query: "  王五 ", role: "supervisor", team: "none" }, "abc", 10));
  assert.deepEqual(Object.fromEntries(q), { limit: "10", q: "王五", role: "supervisor", team_id: "none", cursor: "abc" });
});

test("a page of users is read with its total and next cursor", () => {
  const page = parseUserPage({ users: [{ id: "u1", username: "li", name: "李", role: "agent", team_id: "t1", disabled: false }], total: 120, next_cursor: "bGk" });
  assert.equal(page?.users.length, 1);
  assert.equal(page?.total, 120);
  assert.equal(page?.next, "bGk");
  assert.equal(parseUserPage({ users: [] }), null, "an answer without a total");
});
