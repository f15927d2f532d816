// The sync screen's words in English. The type makes a missing or misspelt
// key a compile error.

import type { Messages } from "../../i18n";
import type { zhCN } from "./messages.zh-CN";

export const en: Messages<typeof zhCN> = {
  "status.title": "Sync status",
  "status.pending": "Unsent changes",
  "status.lastSync": "Last successful sync",
  "status.now": "Sync now",
  "status.retryAt": "Retrying automatically at {time}",
  "status.ok": "Up to date",
  "status.offlineNote": "Offline, your records are kept and sent when the network is back.",
  "status.authNeeded": "Sign in again to sync.",
  "status.forbidden": "This device's sync identity belongs to another account: {message}",
  "status.upgrade": "The server requires a newer app. Unsent changes are sent after the update.",
  "status.departed": "Your account was closed; everything was sent and this device's data is being deleted.",
  "status.error": "Sync failed ({status} {code}): {message}",
  "status.serverFull": "The server is out of storage space and takes no changes for now. Your changes are kept safe on this device and are sent automatically once space returns; viewing and receiving data goes on.",

  "outboxFile.title": "Save unsent changes to a file",
  "outboxFile.intro": "The last resort when this phone cannot reach the server: save its {n} unsent changes to a file for an admin to import. Once imported, nothing is recorded twice when the phone is back online.",
  "outboxFile.save": "Save to a file",
  "outboxFile.saved": "Saved {n} changes in {files} file(s): {names}. They stay on this phone too and are sent as usual once it is online.",
  "outboxFile.sep": ", ",
  "outboxFile.failed": "Not saved: {message}",

  "storage.title": "Storage",
  "storage.used": "This app uses",
  "storage.free": "Space left",
  "storage.share": "{pct} used",
  "storage.warn": "{pct} of the storage is used and it is nearly full: once it is full, new records cannot be saved. Free some space on the phone (photos, videos, chats) and sync as soon as you can.",
  "storage.unknown": "This browser does not tell how much storage is left.",

  "records.title": "Records on this phone",
  "records.collection": "Kind",
  "records.count": "Count",
  "records.empty": "No records on this phone yet.",

  "collection.prospects": "Prospects (Plan 100)",
  "collection.customers": "Customer files",
  "collection.activities": "Activities",
  "collection.day_logs": "Work logs",
  "collection.goals": "Goals",
  "collection.coaching_notes": "Coaching notes",
  "collection.consents": "Consent records",
  "collection.members": "Team members",
  "collection.scores": "Scores",
  "collection.day_focus": "Day focus",

  "rejected.title": "Rejected changes",
  "rejected.none": "No rejected changes.",
  "rejected.intro": "The server did not accept these changes. Read the reason, then send again or discard.",
  "rejected.reason": "Reason",
  "rejected.serverSays": "Server: {message}",
  "rejected.fix": "Fix",
  "rejected.discard": "Discard",
  "rejected.resend": "Send again",
  "rejected.confirmDiscard": "Discarding deletes this change for good. Continue?",
  "rejected.consent": "Record consent and send again",
  "rejected.consentNow": "Consent is recorded now: send it again.",

  "reject.invalid": "The content is not valid (format, type or range).",
  "reject.forbidden": "You may not write this record or field.",
  "reject.unknown_collection": "The server does not know this kind of record; the app may need an update.",
  "reject.clock_skew": "The phone's clock is too far from the server's. Correct the clock, then send again.",
  "reject.stale": "The log changed after it was reviewed; review it again.",
  "reject.too_large": "Too long (text fields hold at most 8,000 characters).",
  "reject.consent_required": "This change holds details the person has not consented to (contact, health needs, income or family), or a child under 14 lacks a guardian's consent. Record the consent, then send it again.",
  "reject.unknown": "The server rejected this change.",


  "fix.title": "Fix and send again",
  "fix.json": "(JSON)",
  "fix.badJson": "{field} is not valid JSON.",
  "fix.send": "Send again",
};
