// The team dashboard's words in English. The type makes a missing or misspelt
// key a compile error.

import type { Messages } from "../../i18n";
import type { zhCN } from "./messages.zh-CN";

export const en: Messages<typeof zhCN> = {
  title: "Team dashboard",
  loading: "Reading this device's records…",
  meeting: "Meeting mode",

  "today.title": "Today",
  "today.notSubmitted": "No log submitted today ({count})",
  "today.allIn": "Everyone has submitted today's log.",
  "today.noLog": "no log",
  "today.rest": "Today is the team's rest day.",
  "today.noAgents": "The team has no agents yet.",
  "today.waiting": "{count} logs waiting for you",
  "today.waiting1": "1 log waiting for you",
  "today.noneWaiting": "No logs waiting for you",
  "today.open": "Review",

  "week.title": "Weekly 100-point table",
  "inherited.title": "Customers you took over ({n})",
  "inherited.hint": "A departed colleague's customers (and {prospects} Plan 100 names) are yours for now: call them, and ask the admin to hand them on to the agent who takes over.",
  "week.caption": "Each agent's score this week, by rank",
  "week.note": "Only approved days count; what days waiting for review, or changed after approval, would change shows beside (\"+2 pending\") — a changed day counts what was approved until it is reviewed again. Ties go to more visits, then more deals. Done/target, with the points below.",
  "week.empty": "The team has no agents yet.",
  "col.rank": "Rank",
  "col.name": "Name",
  "col.score": "Score",
  "col.pending": "Pending",
  "col.streak": "Streak",
  "col.awards": "Awards",
  "cell.points": "{points} pts",
  "cell.of": "{actual}/{target}",
  "cell.pending": "{count} days pending",
  "cell.pending1": "1 day pending",
  "cell.streak": "{count} days",
  "cell.streak1": "1 day",
  "cell.none": "—",
  rank: "No. {rank}",

  "alerts.title": "Coaching alerts",
  "alerts.month": "{month}, from the server's monthly review.",
  "alerts.none": "No coaching alerts this month.",
  "alerts.access": "Customer files opened unusually often: {name}",
  "alerts.accessDetail": "{openings} openings in the last hour, of {agents} agents' files.",
  "alerts.practise": "Practise: {what}",
  "alerts.needsNetwork": "Coaching alerts need the network, and this device has not kept this month's yet.",

  "exports.title": "Exports",
  "exports.note": "Download the tables from the server (needs the network). They hold the team's counts and scores, never customers' data.",
  "exports.weekly": "Weekly table · {week}",
  "exports.monthly": "Monthly review · {month}",
  "exports.xlsx": "Excel (.xlsx)",
  "exports.csv": "CSV",
  "exports.busy": "Exporting {file}…",
  "exports.done": "Downloaded {file}.",
  "exports.offline": "Offline: exports need the server. Try again when connected.",
  "exports.failed": "The export failed: {message}",
  "exports.signedOut": "Your session has ended; sign in again to export.",
};
