// One agent's week as a card, for a phone, where the weekly table's 13
// columns do not fit: rank, name, score and band on top, then every figure
// of the table (each done/target with its points, calls, deals, premium)
// with what is pending beside it, and the days pending, the streak and the
// awards. The dashboard and the meeting's weekly summary both use it.

import type { ComponentChildren } from "preact";
import { label } from "../data/labels";
import { formatYuan, translator } from "../i18n";
import { formatNumber } from "../i18n/format";
import { amendedDaysText, pendingText } from "../scoring/pending";
import { figuresOf, type Columns, type DashboardRow } from "../scoring/weekTable";
import { en } from "./AgentCard.en";
import { zhCN } from "./AgentCard.zh-CN";
import { AwardChips } from "./AwardChips";
import { BandChip } from "./BandChip";

const tr = translator({ "zh-CN": zhCN, en });

export function AgentCard(props: {
  row: DashboardRow;
  columns: Columns;
  /** The name as the screen shows it (a link, or an alias on a shared screen). */
  name: ComponentChildren;
  testid: string;
  /** Marks the card the meeting is talking about. */
  selected?: boolean;
}) {
  const { row, columns, name, testid, selected } = props;
  return (
    <li
      class={`agent-card${row.pendingDays > 0 ? " agent-card--pending" : ""}${selected ? " agent-card--selected" : ""}`}
      data-testid={testid}
      data-agent={row.agentId}
      data-rank={row.rank}
      data-pending={row.pendingDays}
    >
      <div class="agent-card__head">
        <span class="agent-card__rank">
          <span class="visually-hidden">{tr("rank", { rank: row.rank })}</span>
          <span aria-hidden="true">{row.rank}</span>
        </span>
        <span class="agent-card__name">{name}</span>
        <span class="agent-card__score">
          <span class="visually-hidden">{tr("col.score")} </span>
          <span class="dash-score">{formatNumber(row.score)}</span>
          <BandChip band={row.band} score={row.score} />
        </span>
      </div>
      <dl class="agent-card__figures">
        {figuresOf(row, columns).map((f) => (
          <div key={f.kind} class="agent-fig" data-kind={f.kind}>
            <dt>{label("kind", f.kind)}</dt>
            <dd>
              <span class="agent-fig__num">{f.target === null ? f.actual : tr("cell.of", { actual: f.actual, target: f.target })}</span>
              {f.points !== null && <span class="agent-fig__sub">{tr("cell.points", { points: formatNumber(f.points, 2) })}</span>}
              {f.pending !== 0 && <span class="agent-fig__pending">{pendingText(f.pending)}</span>}
            </dd>
          </div>
        ))}
        <div class="agent-fig" data-kind="premium">
          <dt>{tr("col.premium")}</dt>
          <dd>
            <span class="agent-fig__num">{formatYuan(row.premium)}</span>
          </dd>
        </div>
      </dl>
      <p class="agent-card__foot">
        {row.pendingDays > 0 ? (
          <span class="chip chip--warn dash-pending">{row.pendingDays === 1 ? tr("cell.pending1") : tr("cell.pending", { count: row.pendingDays })}</span>
        ) : (
          <span class="muted">{tr("card.noPending")}</span>
        )}
        {row.amendedDays > 0 && <span class="agent-card__amended">{amendedDaysText(row.amendedDays)}</span>}
        <span>{row.streak > 0 ? (row.streak === 1 ? tr("card.streak1") : tr("card.streak", { count: row.streak })) : tr("card.noStreak")}</span>
      </p>
      {row.awards.length > 0 && <AwardChips awards={row.awards} class="agent-card__awards" />}
    </li>
  );
}
