// The sign-in screen's words in English. The type makes a missing or misspelt
// key a compile error.

import type { Messages } from "../../i18n";
import type { zhCN } from "./messages.zh-CN";

export const en: Messages<typeof zhCN> = {
  title: "Sign in",
  intro: "Record your daily activity, even offline.",
  username: "Username",
  password: "Password",
  submit: "Sign in",
  submitting: "Signing in…",
  invalid: "Wrong username or password.",
  rateLimited: "Too many attempts. Please try again later.",
  serverFull: "The server's storage is full, so signing in is not possible for now. Try again later, or ask the system administrator to free space on the server's disk.",
  offline: "Cannot reach the server. Connect to the network to sign in.",
  failed: "Sign-in failed: {message}",
  expired: "Your session has expired. Please sign in again. Unsent changes are still on this phone.",
  wiped: "This device was signed out, and its data was deleted from it.",
  departed: "Your account was closed: your customers went to a colleague, your last changes were sent, and this device's data was deleted.",
  lockedFor: "Too many attempts. Try again in {minutes} minutes.",
  lockedFor1: "Too many attempts. Try again in 1 minute.",
};
