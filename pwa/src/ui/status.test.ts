import assert from "node:assert/strict";
import { test } from "node:test";
import { lang, t } from "../i18n";
import { connKey, connOf } from "./status";

test("online only while the server answers: a failed request says so until one succeeds", () => {
  assert.equal(connOf({ network: true, answered: null }), "unknown", "nothing asked yet");
  assert.equal(connOf({ network: true, answered: true }), "online");
  // The server stopped: navigator.onLine stays true, the request failed.
  assert.equal(connOf({ network: true, answered: false }), "unreachable");
  assert.equal(connOf({ network: false, answered: true }), "offline", "no network at all, whatever the last answer");
  assert.equal(connOf({ network: false, answered: null }), "offline");
});

test("a retry in progress does not hide that the server cannot be reached", () => {
  assert.equal(connKey("unreachable", true), "sync.unreachable");
  assert.equal(connKey("offline", true), "sync.offline");
  assert.equal(connKey("online", true), "sync.syncing");
  assert.equal(connKey("online", false), "sync.online");
  assert.equal(connKey("unknown", false), "sync.unknown");
});

test("the strip's words in both languages", () => {
  const words = () => [t(connKey("unreachable", false)), t(connKey("online", false)), t("strip.pending", { count: 3 })];
  lang.value = "zh-CN";
  assert.deepEqual(words(), ["无法连接服务器", "在线", "未发送 3"]);
  lang.value = "en";
  assert.deepEqual(words(), ["Can't reach the server", "Online", "3 unsent"]);
  lang.value = "zh-CN";
});
