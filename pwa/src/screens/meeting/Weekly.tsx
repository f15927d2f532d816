// 周会 — the weekly summary meeting: the week's standings with scores and
// bands (a table on the shared screen, one card per agent on a phone), the
// week's awards (streak, weekly progress) and the week's best improvement,
// from the team's scores records on this device.

import { useSignal } from "@preact/signals";
import { label } from "../../data/labels";
import type { Member, Score } from "../../data/model";
import { formatYuan, lang } from "../../i18n";
import { formatNumber } from "../../i18n/format";
import { pendingText } from "../../scoring/pending";
import type { Period } from "../../scoring/period";
import { columnsOf, dashboardRows, type Columns, type DashboardRow } from "../../scoring/weekTable";
import { AgentCard } from "../../ui/AgentCard";
import { BandChip } from "../../ui/BandChip";
import { PeriodNav } from "../../ui/PeriodNav";
import { bestImprovement, weekAwards } from "./board";
import { tr } from "./messages";
import { weeklyShareName, weeklyShareTable } from "./share";
import { ShareButton } from "./ShareButton";
import { showNames, type NamesMode, type Shown } from "./names";
import { who, Who } from "./Who";

export function Weekly(props: {
  week: Period;
  today: string;
  agents: Member[];
  scores: Score[];
  mode: NamesMode;
  namesNote: string;
  /** The team's name, for the shared image's title. */
  teamName: string;
  /**
   * Whose names the shared image shows: the team's standings.names, or
   * hidden when it could not be read (an image leaves the room); null
   * while it is being read, when no image is made.
   */
  shareMode: NamesMode | null;
  onWeek: (p: Period) => void;
}) {
  const { week, today, agents, scores, mode, namesNote, teamName, shareMode, onWeek } = props;
  const rows = dashboardRows(week, agents, scores, today);
  const columns = columnsOf(rows);
  // In "neighbours" mode the supervisor taps the agent being discussed.
  const focus = useSignal<string | null>(null);
  const shown = showNames(rows, mode, focus.value);
  const pick = (id: string) => (focus.value = focus.value === id ? null : id);
  const awards = weekAwards(rows);
  const best = bestImprovement(week, agents, scores);

  return (
    <>
      <PeriodNav period={week} today={today} onGo={onWeek} />
      <div class="meeting-weekly">
        <section class="meeting-card meeting-standings-card" aria-labelledby="meeting-standings-title">
          <h2 id="meeting-standings-title" class="meeting-h2">
            {tr("weekly.standings")}
          </h2>
          {namesNote && <p class="meeting-note">{namesNote}</p>}
          {rows.length === 0 ? (
            <p>{tr("weekly.empty")}</p>
          ) : (
            <>
              <StandingCards rows={rows} columns={columns} shown={shown} mode={mode} focus={focus.value} pick={pick} />
              <StandingTable rows={rows} shown={shown} mode={mode} focus={focus.value} pick={pick} />
              {shareMode && <ShareButton table={() => weeklyShareTable(week, teamName, rows, shareMode, Date.now())} name={weeklyShareName(week)} />}
            </>
          )}
        </section>
        <div class="meeting-side">
          <section class="meeting-card meeting-best" aria-labelledby="meeting-best-title" data-testid="best-improvement" data-agent={best?.agentId ?? ""}>
            <h2 id="meeting-best-title" class="meeting-h2">
              <span aria-hidden="true">▲ </span>
              {tr("weekly.best")}
            </h2>
            {best ? (
              <>
                <p class="meeting-best__who">
                  <Who shown={shown.get(best.agentId)} />
                  <span class="meeting-best__rise">{tr("weekly.rise", { rise: formatNumber(best.rise) })}</span>
                </p>
                <p class="meeting-best__line">{tr("weekly.bestLine", { previous: formatNumber(best.previous), score: formatNumber(best.score) })}</p>
                <p class="meeting-note">{tr("weekly.bestNote")}</p>
              </>
            ) : (
              <p>{tr("weekly.noBest")}</p>
            )}
          </section>
          <section class="meeting-card" aria-labelledby="meeting-awards-title" data-testid="meeting-awards">
            <h2 id="meeting-awards-title" class="meeting-h2">
              <span aria-hidden="true">★ </span>
              {tr("weekly.awards")}
            </h2>
            {awards.length === 0 ? (
              <p>{tr("weekly.noAwards")}</p>
            ) : (
              <ul class="meeting-awards">
                {awards.map((g) => (
                  <li key={g.kind} data-kind={g.kind}>
                    <span class="meeting-awards__kind">{label("award", g.kind)}</span>
                    <span class="meeting-awards__who">
                      {g.winners
                        .map((w) => `${who(shown.get(w.agentId))}${w.count > 1 ? ` ×${w.count}` : ""}${w.amount !== null ? ` ${formatYuan(w.amount)}` : ""}`)
                        .join(lang.value === "en" ? ", " : "、")}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      </div>
    </>
  );
}

interface StandingProps {
  rows: DashboardRow[];
  shown: Map<string, Shown>;
  mode: NamesMode;
  /** The agent picked in "neighbours" mode. */
  focus: string | null;
  pick: (agentId: string) => void;
}

/** A phone: one card per agent with the week's figures (deals and premium among them). */
function StandingCards({ rows, columns, shown, mode, focus, pick }: StandingProps & { columns: Columns }) {
  return (
    <ol class="agent-cards dash-narrow" aria-label={tr("weekly.caption")} data-testid="meeting-cards">
      {rows.map((r) => (
        <AgentCard
          key={r.agentId}
          row={r}
          columns={columns}
          testid="meeting-card"
          selected={mode === "neighbours" && focus === r.agentId}
          name={
            mode === "neighbours" ? (
              <button type="button" class="btn btn--quiet agent-card__pick" aria-pressed={focus === r.agentId} onClick={() => pick(r.agentId)}>
                <Who shown={shown.get(r.agentId)} />
              </button>
            ) : (
              <Who shown={shown.get(r.agentId)} />
            )
          }
        />
      ))}
    </ol>
  );
}

/** A wide (shared) screen: the standings table, big. */
function StandingTable({ rows, shown, mode, focus, pick }: StandingProps) {
  return (
    <div class="meeting-scroll dash-wide">
      <table class="meeting-table meeting-standings" data-testid="meeting-standings">
        <caption class="visually-hidden">{tr("weekly.caption")}</caption>
        <thead>
          <tr>
            <th scope="col" class="num">
              {tr("col.rank")}
            </th>
            <th scope="col">{tr("col.name")}</th>
            <th scope="col" class="num">
              {tr("col.score")}
            </th>
            <th scope="col">{tr("col.band")}</th>
            <th scope="col" class="num">
              {label("kind", "visit")}
            </th>
            <th scope="col" class="num">
              {label("kind", "deal")}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const s = shown.get(r.agentId);
            return (
              <tr
                key={r.agentId}
                data-testid="meeting-row"
                data-name-shown={s?.named ? "true" : "false"}
                data-rank={r.rank}
                class={r.rank <= 3 ? `meeting-row--top meeting-row--${r.rank}` : undefined}
                aria-selected={mode === "neighbours" ? focus === r.agentId : undefined}
                tabIndex={mode === "neighbours" ? 0 : undefined}
                onClick={mode === "neighbours" ? () => pick(r.agentId) : undefined}
                onKeyDown={mode === "neighbours" ? (e) => (e.key === "Enter" || e.key === " ") && pick(r.agentId) : undefined}
              >
                <td class="num meeting-rank">{r.rank}</td>
                <th scope="row">
                  <Who shown={s} />
                </th>
                <td class="num meeting-score">{formatNumber(r.score)}</td>
                <td>
                  <BandChip band={r.band} score={r.score} />
                </td>
                <td class="num">
                  {r.visits}
                  {(r.pendingCounts["visit"] ?? 0) !== 0 && <span class="meeting-delta">{pendingText(r.pendingCounts["visit"])}</span>}
                </td>
                <td class="num">
                  {r.deals}
                  {(r.pendingCounts["deal"] ?? 0) !== 0 && <span class="meeting-delta">{pendingText(r.pendingCounts["deal"])}</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
