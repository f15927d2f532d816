// What the shared image of the weekly standings shows (pure; drawn by
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
    columns: [
      { label: tr("col.rank"), share: 0.11, align: "right" },
      { label: tr("col.name"), share: 0.25, align: "left" },
      { label: tr("col.score"), share: 0.13, align: "right" },
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
