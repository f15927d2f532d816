import assert from "node:assert/strict";
import { test } from "node:test";
import { isoDay } from "../../data/model";
import { noteFields, noteOf, noteProblem, notesAbout, writtenAt } from "./coach";
import { record, stamp } from "./testdata";

const ME = "sup";
const ZONE = "Asia/Shanghai";

test("notes about an agent, newest first, whoever's replica they came from", () => {
  const recs = [
    record("coaching_notes", "n1", { agent_id: "a1", text: "早", created_at: "2026-11-02T01:00:00Z", owner_id: "sup" }),
    record("coaching_notes", "n2", { agent_id: "a1", text: "晚", created_at: "2026-11-20T01:00:00Z", owner_id: "sup2" }),
    record("coaching_notes", "n3", { agent_id: "a2", text: "别人", created_at: "2026-11-21T01:00:00Z" }),
    record("coaching_notes", "n4", { agent_id: "a1", text: "刚写", focus: "appointment_script" }, Date.parse("2026-11-25T12:00:00Z"), true),
  ];
  const notes = notesAbout(recs, "a1", ME, ZONE);
  assert.deepEqual(
    notes.map((n) => n.id),
    ["n4", "n2", "n1"],
  );
  assert.equal(notes[0]!.authorId, ME, "a note not synced yet is the user's");
  assert.equal(notes[0]!.focus, "appointment_script");
  assert.equal(notes[0]!.pending, true);
  assert.equal(notes[1]!.authorId, "sup2");
  assert.equal(notes[1]!.focus, null);
});

test("a note's time is its created_at, else its oldest stamp", () => {
  const r = record("coaching_notes", "n", { agent_id: "a1", text: "x" });
  r.stamps["text"] = stamp(5000);
  r.stamps["agent_id"] = stamp(3000);
  assert.equal(writtenAt(r), 3000);
  r.fields["created_at"] = "2026-11-20T01:00:00Z";
  assert.equal(writtenAt(r), Date.parse("2026-11-20T01:00:00Z"));
  const n = noteOf(r, ME, ZONE);
  assert.equal(n.day, isoDay(Date.parse("2026-11-20T01:00:00Z"), ZONE));
  assert.equal(noteOf(record("coaching_notes", "x", {}), ME, ZONE).day, "");
});

test("a note's day is the team's day, not the phone's", () => {
  const r = record("coaching_notes", "n", { agent_id: "a1", text: "x", created_at: "2026-11-19T17:30:00-08:00" });
  assert.equal(noteOf(r, ME, "Asia/Shanghai").day, "2026-11-20");
  assert.equal(noteOf(r, ME, "America/Los_Angeles").day, "2026-11-19");
});

test("an unknown focus is no focus", () => {
  assert.equal(noteOf(record("coaching_notes", "n", { agent_id: "a", text: "t", focus: "singing" }), ME, ZONE).focus, null);
});

test("a new note needs its text; the focus is written only when chosen", () => {
  assert.equal(noteProblem("  "), "required");
  assert.equal(noteProblem("x".repeat(8001)), "tooLong");
  assert.equal(noteProblem(" 练习开场白 "), null);
  assert.deepEqual(noteFields("a1", " 练习开场白 ", ""), { agent_id: "a1", text: "练习开场白" });
  assert.deepEqual(noteFields("a1", "练习", "appointment_script"), { agent_id: "a1", text: "练习", focus: "appointment_script" });
});
