// The shell's words in English. The type makes a missing or misspelt key a
// compile error.

import type { Messages } from "./index";
import type { zhCN } from "./zh-CN";

export const en: Messages<typeof zhCN> = {
  "app.name": "Fieldbook",
  "app.loading": "Loading…",
  "app.loadFailed": "This page failed to load. Check the network and try again.",
  "app.retry": "Try again",

  "app.notFound": "There is no such page.",
  "nav.label": "Main",
  "nav.today": "Today",
  "nav.plan": "Plan 100",
  "nav.customers": "Customers",
  "nav.log": "Log",
  "nav.me": "Me",
  "nav.queue": "Review",
  "nav.dashboard": "Dashboard",
  "nav.meeting": "Meeting",
  "nav.admin": "Admin",
  "nav.team": "Team",
  "nav.sync": "Sync",
  "strip.open": "Open sync status",
  "strip.pending": "{count} unsent",
  "strip.rejected": "{count} rejected",
  "strip.serverFull": "server full: changes wait",
  "strip.lastSync": "synced {time}",
  "strip.history": "loading older records…",

  "stall.title": "Unsent changes ({count}) have not gone out for {minutes} minutes.",
  "stall.serverError": "The server has a fault ({status} {code}) and cannot take changes now.",
  "stall.serverFull": "The server's storage is full; it takes no changes for now.",
  "stall.busy": "The server is too busy ({status}) and keeps putting them off.",
  "stall.refused": "The server refuses them ({status} {code}): {message}",
  "stall.local": "This phone failed to send them: {message}",
  "stall.forbidden": "This device's sync identity belongs to another account; the server refuses it.",
  "stall.upgrade": "The server requires an app update first.",
  "stall.auth": "Your sign-in has expired: sign in again to send them.",
  "stall.kept": "Your changes are kept on this phone.",
  "stall.sendNow": "Send now",
  "stall.save": "Save to a file",
  "storage.fullWrite": "The phone's storage is full: this change was not saved. Free some space and try again (the sync screen shows what the app uses).",
  "strip.storageFull": "Storage full: changes not saved",

  "lang.switch": "中文",

  "role.agent": "Agent",
  "role.supervisor": "Supervisor",
  "role.admin": "Admin",

  "session.signedInAs": "{name} ({role})",
  "session.logout": "Sign out",
  "session.logoutPending":
    "{count} changes have not reached the server yet. They stay on this phone and are sent when you sign in again with the same account. Sign out?",
  "session.logoutConfirm": "Sign out anyway",
  "session.cancel": "Cancel",
  "session.everywhere": "Sign out everywhere",
  "session.everywhereWarning":
    "Every device, this one included, will be signed out. The others delete their data, unsent changes included, the next time they reach the server.",
  "session.everywhereConfirm": "Sign out all",
  "session.everywhereFailed": "Could not sign out everywhere: {message}",

  "sync.online": "Online",
  "sync.offline": "Offline",
  "sync.unreachable": "Can't reach the server",
  "sync.unknown": "Connection not checked yet",
  "sync.syncing": "Syncing…",
  "sync.never": "Never",

  "update.available": "A new version is available.",
  "update.apply": "Update",
  "update.later": "Later",
  "update.pendingFirst": "Some changes are not sent yet. Sync first, then update.",

  "pin.title": "Enter your PIN",
  "pin.who": "{name}, the app is locked",
  "pin.entered": "{n} digits entered",
  "pin.delete": "Delete",
  "pin.ok": "OK",
  "pin.checking": "Checking…",
  "pin.wrong": "Wrong PIN. {left} more wrong and this phone signs out and deletes its data.",
  "pin.forgot": "Forgot your PIN? Sign out",
};
