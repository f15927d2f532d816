// The week's 100-point table, one row per agent in rank order: the score
// and its band, each category's done/target and points, calls and deals
// (with the premium), what is pending beside each, the days waiting for
// approval, the streak and the week's awards. On a wide screen a table; on
// a phone, where 13 columns do not fit, one card per agent with the same
// figures (dashboard.css shows one or the other: no sideways scrolling).

import { label } from "../../data/labels";
import { formatYuan } from "../../i18n";
import { formatNumber } from "../../i18n/format";
import { href } from "../../router";
import { amendedDaysText, pendingText } from "../../scoring/pending";
import { categoryCell, columnsOf, type Columns, type DashboardRow } from "../../scoring/weekTable";
import { AgentCard } from "../../ui/AgentCard";
import { AwardChips } from "../../ui/AwardChips";
import { BandChip } from "../../ui/BandChip";
import { tr } from "./messages";

export function WeekTable({ rows }: { rows: DashboardRow[] }) {
  if (rows.length === 0) return <p class="muted">{tr("week.empty")}</p>;
  const columns = columnsOf(rows);
  const { categories, extras } = columns;
  return (
    <>
      <ol class="agent-cards dash-narrow" aria-label={tr("week.caption")} data-testid="dashboard-cards">
        {rows.map((r) => (
          <AgentCard key={r.agentId} row={r} columns={columns} testid="dashboard-card" name={<a href={href("agent", r.agentId)}>{r.name}</a>} />
        ))}
      </ol>
      <div class="dash-scroll dash-wide" tabIndex={0} role="region" aria-labelledby="dash-week-caption">
        <table class="table dash-table" data-testid="dashboard-table">
          <caption id="dash-week-caption" class="visually-hidden">
            {tr("week.caption")}
          </caption>
          <thead>
            <tr>
              <th scope="col" class="num">
                {tr("col.rank")}
              </th>
              <th scope="col" class="dash-table__name">
                {tr("col.name")}
              </th>
              <th scope="col" class="num">
                {tr("col.score")}
              </th>
              {categories.map((k) => (
                <th key={k} scope="col" class="num" data-kind={k}>
                  {label("kind", k)}
                </th>
              ))}
              {extras.map((k) => (
                <th key={k} scope="col" class="num" data-kind={k}>
                  {label("kind", k)}
                </th>
              ))}
              <th scope="col">{tr("col.pending")}</th>
              <th scope="col" class="num">
                {tr("col.streak")}
              </th>
              <th scope="col">{tr("col.awards")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <Row key={r.agentId} row={r} columns={columns} />
            ))}
          </tbody>
        </table>
      </div>
      <p class="muted dash-small">{tr("week.note")}</p>
    </>
  );
}

function Row({ row, columns }: { row: DashboardRow; columns: Columns }) {
  const { categories, extras } = columns;
  return (
    <tr
      data-testid="dashboard-row"
      data-agent={row.agentId}
      data-pending={row.pendingDays}
      data-rank={row.rank}
      class={row.pendingDays > 0 ? "dash-row--pending" : undefined}
    >
      <td class="num dash-table__rank">
        <span class="visually-hidden">{tr("rank", { rank: row.rank })}</span>
        <span aria-hidden="true">{row.rank}</span>
      </td>
      <th scope="row" class="dash-table__name">
        <a href={href("agent", row.agentId)}>{row.name}</a>
      </th>
      <td class="num dash-table__score">
        <span class="dash-score">{formatNumber(row.score)}</span> <BandChip band={row.band} score={row.score} />
      </td>
      {categories.map((k) => {
        const c = categoryCell(row, k);
        return (
          <td key={k} class="num" data-kind={k}>
            <span class="dash-of">{c.target === null ? c.actual : tr("cell.of", { actual: c.actual, target: c.target })}</span>
            {c.points !== null && <span class="dash-pts">{tr("cell.points", { points: formatNumber(c.points, 2) })}</span>}
            {c.pending !== 0 && <span class="dash-delta">{pendingText(c.pending)}</span>}
            {k === "deal" && <span class="dash-pts">{formatYuan(row.premium)}</span>}
          </td>
        );
      })}
      {extras.map((k) => {
        const c = categoryCell(row, k);
        return (
          <td key={k} class="num" data-kind={k}>
            <span class="dash-of">{c.actual}</span>
            {c.pending !== 0 && <span class="dash-delta">{pendingText(c.pending)}</span>}
            {k === "deal" && <span class="dash-pts">{formatYuan(row.premium)}</span>}
          </td>
        );
      })}
      <td class="dash-table__wrap">
        {row.pendingDays > 0 ? (
          <>
            <span class="chip chip--warn dash-pending">{row.pendingDays === 1 ? tr("cell.pending1") : tr("cell.pending", { count: row.pendingDays })}</span>
            {row.amendedDays > 0 && <span class="dash-amended">{amendedDaysText(row.amendedDays)}</span>}
          </>
        ) : (
          <span class="muted">{tr("cell.none")}</span>
        )}
      </td>
      <td class="num">{row.streak > 0 ? row.streak === 1 ? tr("cell.streak1") : tr("cell.streak", { count: row.streak }) : <span class="muted">{tr("cell.none")}</span>}</td>
      <td class="dash-table__wrap">
        {row.awards.length === 0 ? (
          <span class="muted">{tr("cell.none")}</span>
        ) : (
          <AwardChips awards={row.awards} class="dash-awards" />
        )}
      </td>
    </tr>
  );
}
