import assert from "node:assert/strict";
import { test } from "node:test";
import { refusalVerdict, serverFull } from "./refusal";

const refused = (signedOut?: unknown) => ({
  error: { code: "invalid_refresh_token", message: "…" },
  ...(signedOut === undefined ? {} : { signed_out: signedOut }),
});

test("a device signed out on purpose wipes", () => {
  assert.equal(refusalVerdict({ status: 401, body: refused(true) }), "wipe");
});

test("an expired, logged-out or reused session signs out and keeps the data", () => {
  assert.equal(refusalVerdict({ status: 401, body: refused() }), "signout");
  assert.equal(refusalVerdict({ status: 401, body: refused(false) }), "signout");
  assert.equal(refusalVerdict({ status: 401, body: refused("true") }), "signout");
  assert.equal(refusalVerdict({ status: 401, body: { error: { code: "unauthorized" }, signed_out: true } }), "signout");
  assert.equal(refusalVerdict({ status: 403, body: refused(true) }), "signout");
  assert.equal(refusalVerdict({ status: 401, body: undefined }), "signout");
});

test("offline, a 5xx or another error keeps everything", () => {
  assert.equal(refusalVerdict(null), "retry");
  for (const status of [500, 502, 503, 504]) assert.equal(refusalVerdict({ status, body: refused(true) }), "retry");
  for (const status of [400, 404, 413, 429]) assert.equal(refusalVerdict({ status, body: refused(true) }), "retry");
});

test("a full disk (507 insufficient_storage) keeps everything and is told apart", () => {
  const body = { error: { code: "insufficient_storage", message: "…" } };
  assert.equal(refusalVerdict({ status: 507, body }), "retry");
  assert.equal(serverFull({ status: 507, body }), true);
  assert.equal(serverFull({ status: 507, body: undefined }), true);
  for (const status of [500, 503, 429]) assert.equal(serverFull({ status, body: { error: { code: "unavailable" } } }), false);
});
