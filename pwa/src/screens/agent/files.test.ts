import assert from "node:assert/strict";
import { test } from "node:test";
import { filesPath, merged, parseFiles, purposeOk } from "./files";

test("a purpose has 2 to 200 characters once trimmed", () => {
  assert.equal(purposeOk(" 辅 "), false);
  assert.equal(purposeOk("辅导"), true);
  assert.equal(purposeOk("长".repeat(200)), true);
  assert.equal(purposeOk("长".repeat(201)), false);
});

test("the path names the agent, the purpose and the file", () => {
  assert.equal(filesPath("a-1", " 辅导面谈准备 "), "/api/files?agent_id=a-1&purpose=%E8%BE%85%E5%AF%BC%E9%9D%A2%E8%B0%88%E5%87%86%E5%A4%87");
  assert.equal(filesPath("a-1", "ok", "c-1"), "/api/files?agent_id=a-1&purpose=ok&id=c-1");
});

test("the answer's files become local records; another shape is refused", () => {
  const raw = { agent_id: "a-1", files: [{ collection: "customers", id: "c-1", fields: { name: "王先生" }, stamps: { name: "s" } }] };
  assert.deepEqual(parseFiles(raw), [{ collection: "customers", id: "c-1", fields: { name: "王先生" }, stamps: { name: "s" }, pending: false }]);
  assert.equal(parseFiles({ files: [{ collection: "prospects", id: "p", fields: {}, stamps: {} }] }), null);
  assert.equal(parseFiles({}), null);
});

test("openings of one agent add up; another agent's start again; all replaces", () => {
  const rec = (id: string) => ({ collection: "customers", id, fields: {}, stamps: {}, pending: false });
  let o = merged(null, "a", [rec("1")], false);
  o = merged(o, "a", [rec("2")], false);
  assert.deepEqual([...o.files.keys()], ["1", "2"]);
  assert.equal(o.all, false);
  assert.deepEqual([...merged(o, "b", [rec("3")], false).files.keys()], ["3"]);
  const all = merged(o, "a", [rec("3")], true);
  assert.deepEqual([...all.files.keys()], ["3"]);
  assert.equal(all.all, true);
});
