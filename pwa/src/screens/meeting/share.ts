// What the shared images of the weekly standings and of the morning
// meeting's summary show (pure; drawn by
// tableImage.ts). Names follow the team's standings.names setting as the
// shared screen does, with one difference: an image posted to the team's
// chat group has no agent being discussed, so in "neighbours" mode nobody
// is named in it (1号, 2号… in rank order), as in "hidden".

import { label } from "../../data/labels";
import { formatDateTime } from "../../i18n";
import { formatNumber, formatPeriod } from "../../i18n/format";
import type { Period } from "../../scoring/period";
import { bandOf } from "../../scoring/scores";
import type { StandingRow } from "../../scoring/standings";
import type { NumbersLine } from "./board";
import { tr } from "./messages";
import { showNames, type NamesMode } from "./names";
import type { ShareTable } from "./tableImage";
import { who } from "./Who";

/** The weekly standings as the image shows them, made at `now`. */
export function weeklyShareTable(week: Period, teamName: string, rows: readonly StandingRow[], mode: NamesMode, now: number): ShareTable {
  const shown = showNames(rows, mode, null);
  const named = mode === "show";
  return {
    title: teamName ? `${teamName} · ${tr("weekly.standings")}` : tr("weekly.standings"),
    subtitle: formatPeriod(week),
    lead: "",
    who: 1,
    columns: [
      { label: tr("col.rank"), share: 0.11, align: "right", bold: true },
      { label: tr("col.name"), share: 0.25, align: "left", bold: true },
      { label: tr("col.score"), share: 0.13, align: "right", bold: true },
      { label: tr("col.band"), share: 0.27, align: "left" },
      { label: label("kind", "visit"), share: 0.12, align: "right" },
      { label: label("kind", "deal"), share: 0.12, align: "right" },
    ],
    rows: rows.map((r) => ({
      rank: r.rank,
      cells: [String(r.rank), who(shown.get(r.agentId)), formatNumber(r.score), label("band", r.band || bandOf(r.score)), String(r.visits), String(r.deals)],
    })),
    note: named ? tr("share.noteApproved") : `${tr("share.noteHidden")} ${tr("share.noteApproved")}`,
    footer: tr("share.footer", { time: formatDateTime(now) }),
  };
}

/** The image's file name: the week's first day, e.g. standings-2026-11-30.png. */
export function weeklyShareName(week: Period): string {
  return `standings-${week.start}.png`;
}

/** What the morning meeting's image shows: the day's focus, and each agent's numbers in the week's order. */
export interface MorningShare {
  teamName: string;
  /** What the numbers are: the day's, or the week's so far (the screen's heading). */
  heading: string;
  /** The day's focus; "" when none was written. */
  focus: string;
  /** The agents in the order, and the week, the numbers are ranked by. */
  ranked: readonly { agentId: string; name: string }[];
  lines: readonly NumbersLine[];
  kinds: readonly string[];
  /** The note beside an agent's numbers (pending, no log…), as the screen says it. */
  note: (l: NumbersLine) => string;
  mode: NamesMode;
  now: number;
}

/** The morning meeting's summary as the image shows it. */
export function morningShareTable(m: MorningShare): ShareTable {
  const shown = showNames(m.ranked, m.mode, null);
  const each = m.kinds.length === 0 ? 0 : 0.66 / m.kinds.length;
  return {
    title: m.teamName ? `${m.teamName} · ${tr("sections.morning")}` : tr("sections.morning"),
    subtitle: m.heading,
    lead: m.focus ? `${tr("focus.title")}：${m.focus}` : "",
    who: 0,
    columns: [
      { label: tr("col.name"), share: m.kinds.length === 0 ? 0.84 : 0.18, align: "left", bold: true },
      ...m.kinds.map((k) => ({ label: label("kind", k), share: each, align: "right" as const })),
      { label: tr("col.note"), share: 0.16, align: "left" },
    ],
    rows: m.lines.map((l) => ({ rank: 0, cells: [who(shown.get(l.agentId)), ...m.kinds.map((k) => String(l.counts[k] ?? 0)), m.note(l)] })),
    note: m.mode === "show" ? tr("share.noteApproved") : `${tr("share.noteHidden")} ${tr("share.noteApproved")}`,
    footer: tr("share.footer", { time: formatDateTime(m.now) }),
  };
}

/** The morning image's file name: the day's, e.g. morning-2026-12-07.png. */
export function morningShareName(day: string): string {
  return `morning-${day}.png`;
}
