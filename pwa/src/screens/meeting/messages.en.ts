// Meeting mode's words in English. The type makes a missing or misspelt key a
// compile error.

import type { Messages } from "../../i18n";
import type { zhCN } from "./messages.zh-CN";

export const en: Messages<typeof zhCN> = {
  title: "Meeting mode",
  loading: "Reading this device's records…",
  "sections.label": "Meeting",
  "sections.morning": "Morning",
  "sections.weekly": "Weekly summary",
  "sections.hint": "← → to switch",
  fullscreen: "Full screen",
  exitFullscreen: "Exit full screen",
  back: "Dashboard",

  "focus.title": "Today's focus",
  "focus.label": "Today's focus (shared with the team: agents see it on Today)",
  "focus.placeholder": "e.g. at least 4 real visits each; practise asking for referrals",
  "focus.save": "Save the focus",
  "focus.notSaved": "The focus was not saved: {message}",
  "focus.empty": "No focus written for today yet.",

  "numbers.label": "Numbers for",
  "numbers.day": "{day}",
  "numbers.week": "Week so far",
  "numbers.dayTitle": "Approved numbers of {day}",
  "numbers.weekTitle": "Approved numbers of the week so far",
  "numbers.caption": "Each agent's activity",
  "numbers.pending": "pending",
  "numbers.noLog": "no log",
  "numbers.pendingDays": "{count} days pending",
  "numbers.pendingDay": "1 day pending",
  "numbers.note": "Approved days only; \"+2 pending\" is what waits for review, and a day changed after approval counts what was approved until reviewed again.",

  "share.make": "Save as an image",
  "share.making": "Making the image…",
  "share.share": "Share the image",
  "share.saved": "Image saved: {name} ({width}×{height}). You can post it to the team's group.",
  "share.failed": "The image was not made: {message}",
  "share.preview": "The image to share",
  "share.noteHidden": "As the team's setting says, the image shows no names (No. 1, No. 2… by rank).",
  "share.noteApproved": "Approved days only.",
  "share.footer": "Fieldbook · made {time}",

  "col.rank": "Rank",
  "col.name": "Name",
  "col.score": "Score",
  "col.band": "Band",
  "col.awards": "Awards",
  "col.note": "Note",

  "weekly.standings": "Weekly standings",
  "weekly.caption": "Each agent's score this week, by rank",
  "weekly.empty": "The team has no agents yet.",
  "weekly.awards": "This week's awards",
  "weekly.noAwards": "No awards this week yet.",
  "weekly.best": "Best improvement",
  "weekly.bestLine": "{previous} → {score} points",
  "weekly.rise": "+{rise}",
  "weekly.noBest": "Nobody has improved on last week yet.",
  "weekly.bestNote": "Against their own score last week.",

  alias: "No. {n}",
  "names.hidden": "Names are hidden in the standings, as the team has set.",
  "names.top": "As the team has set, tap an agent: only they and those ranked next to them are named.",
  "names.unknown": "The team's name setting cannot be read now: names are shown, the default.",
  "names.loading": "Reading the team's name setting…",
};
