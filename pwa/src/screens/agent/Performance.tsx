// The agent's recent weeks and months from the scores records on this
// device (so they show offline): the weekly score trend and the visits of
// each day, the months' activity with close rate and appointment success.
// Every chart has its numbers in a table too.

import { useMemo } from "preact/hooks";
import { scoreOf, useList, useLoaded } from "../../data";
import { label } from "../../data/labels";
import { formatDay, formatYuan } from "../../i18n";
import { formatMonth, formatNumber, formatPercent, formatShortDay } from "../../i18n/format";
import { href } from "../../router";
import { BandChip } from "../../ui/BandChip";
import { Chart } from "../../ui/Chart";
import { tr } from "./messages";
import { dailyVisits, monthRows, weekRows, type MonthRow, type WeekRow } from "./stats";

interface WeeksProps {
  agentId: string;
  /** The weeks shown, oldest first. */
  mondays: string[];
  today: string;
  /** The agent's oldest log waiting for review, to go and review it. */
  firstWaiting: string | null;
}

export function WeeksSection({ agentId, mondays, today, firstWaiting }: WeeksProps) {
  const scores = useList("scores", scoreOf);
  const loaded = useLoaded("scores");
  const rows = useMemo(() => weekRows(scores, agentId, mondays), [scores, agentId, mondays]);
  const days = useMemo(() => dailyVisits(scores, agentId, mondays, today), [scores, agentId, mondays, today]);
  const pending = rows.reduce((n, r) => n + r.pendingDays, 0);
  const n = mondays.length;
  return (
    <section class="card" aria-labelledby="agent-weeks" data-testid="agent-weeks">
      <h2 id="agent-weeks" tabIndex={-1}>
        {tr("weeks.title", { n })}
      </h2>
      {!loaded ? (
        <p class="muted">{tr("loading")}</p>
      ) : (
        <>
          {pending > 0 && (
            <p class="notice" data-testid="agent-pending">
              {pending === 1 ? tr("weeks.pending1", { n }) : tr("weeks.pending", { n, days: pending })}{" "}
              {firstWaiting && <a href={href("queue", firstWaiting)}>{tr("summary.queueOpen")}</a>}
            </p>
          )}
          <Chart
            testid="agent-chart-weeks"
            title={tr("chart.weekly")}
            note={tr("chart.weeklyNote")}
            xName={tr("chart.week")}
            labels={rows.map((r) => r.label.slice(5))}
            rowNames={rows.map((r) => `${r.label} · ${formatShortDay(r.start)}`)}
            series={[{ label: tr("chart.score"), values: rows.map((r) => r.score), format: (v) => formatNumber(v) }]}
            yMax={100}
          />
          <WeekTable rows={rows} />
          <Chart
            testid="agent-chart-daily"
            title={tr("chart.daily")}
            note={tr("chart.dailyNote")}
            xName={tr("chart.day")}
            labels={days.map((d) => String(Number(d.day.slice(8))))}
            rowNames={days.map((d) => formatDay(d.day))}
            series={[{ label: tr("chart.visits"), values: days.map((d) => d.visits), format: (v) => formatNumber(v, 0) }]}
            bars
          />
        </>
      )}
    </section>
  );
}

function WeekTable({ rows }: { rows: WeekRow[] }) {
  return (
    <div class="me-scroll agent-table">
      <table class="table" data-testid="agent-week-table">
        <caption class="visually-hidden">{tr("weeks.caption", { n: rows.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{tr("col.week")}</th>
            <th scope="col" class="num">
              {tr("col.score")}
            </th>
            <th scope="col">{tr("col.band")}</th>
            <th scope="col" class="num">
              {tr("col.visits")}
            </th>
            <th scope="col" class="num">
              {tr("col.deals")}
            </th>
            <th scope="col" class="num">
              {tr("col.premium")}
            </th>
            <th scope="col" class="num">
              {tr("col.pending")}
            </th>
          </tr>
        </thead>
        <tbody>
          {[...rows].reverse().map((r) => (
            <tr key={r.start} data-testid="agent-week" data-week={r.label} data-score={r.score ?? ""}>
              <th scope="row">
                {formatShortDay(r.start)} <span class="muted agent-small">{r.label.slice(5)}</span>
              </th>
              <td class="num">{r.score === null ? tr("none") : formatNumber(r.score)}</td>
              <td>
                {r.recorded ? (
                  <BandChip band={r.band} score={r.score ?? 0} />
                ) : (
                  <span class="muted">{r.score === null ? tr("none") : tr("noRecord")}</span>
                )}
              </td>
              <td class="num">{r.visits}</td>
              <td class="num">{r.deals}</td>
              <td class="num">{r.premium > 0 ? formatYuan(r.premium) : "0"}</td>
              <td class="num">{r.pendingDays > 0 ? <strong class="agent-warn">{r.pendingDays}</strong> : 0}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function MonthsSection({ agentId, months }: { agentId: string; months: string[] }) {
  const scores = useList("scores", scoreOf);
  const loaded = useLoaded("scores");
  const rows = useMemo(() => monthRows(scores, agentId, months), [scores, agentId, months]);
  const n = months.length;
  return (
    <section class="card" aria-labelledby="agent-months" data-testid="agent-months">
      <h2 id="agent-months" tabIndex={-1}>
        {tr("months.title", { n })}
      </h2>
      {!loaded ? (
        <p class="muted">{tr("loading")}</p>
      ) : (
        <>
          <Chart
            testid="agent-chart-rates"
            title={tr("chart.rates")}
            note={tr("chart.ratesNote")}
            xName={tr("chart.month")}
            labels={rows.map((r) => formatDay(`${r.month}-01`, { month: "short" }))}
            rowNames={rows.map((r) => formatMonth(r.month))}
            series={[
              { label: tr("col.closeRate"), values: rows.map((r) => r.closeRate), format: formatPercent },
              { label: tr("col.apptRate"), values: rows.map((r) => r.appointmentSuccess), format: formatPercent },
            ]}
          />
          <MonthTable rows={rows} />
        </>
      )}
    </section>
  );
}

function MonthTable({ rows }: { rows: MonthRow[] }) {
  const kinds = (["call", "appointment", "visit", "deal"] as const).map((k) => label("kind", k));
  return (
    <div class="me-scroll agent-table">
      <table class="table" data-testid="agent-month-table">
        <caption class="visually-hidden">{tr("months.caption", { n: rows.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{tr("col.month")}</th>
            <th scope="col" class="num">
              {tr("col.score")}
            </th>
            {kinds.map((k) => (
              <th key={k} scope="col" class="num">
                {k}
              </th>
            ))}
            <th scope="col" class="num">
              {tr("col.apptRate")}
            </th>
            <th scope="col" class="num">
              {tr("col.closeRate")}
            </th>
            <th scope="col" class="num">
              {tr("col.premium")}
            </th>
          </tr>
        </thead>
        <tbody>
          {[...rows].reverse().map((r) => (
            <tr key={r.month} data-testid="agent-month" data-month={r.month}>
              <th scope="row">
                {formatMonth(r.month)}
                {r.pendingDays > 0 && (
                  <span class="muted agent-small">
                    {" · "}
                    {r.pendingDays === 1 ? tr("months.pending1") : tr("months.pending", { days: r.pendingDays })}
                  </span>
                )}
              </th>
              <td class="num">{r.score === null ? tr("none") : formatNumber(r.score)}</td>
              <td class="num">{r.calls}</td>
              <td class="num">{r.appointments}</td>
              <td class="num">{r.visits}</td>
              <td class="num">{r.deals}</td>
              <td class="num">{formatPercent(r.appointmentSuccess)}</td>
              <td class="num">{formatPercent(r.closeRate)}</td>
              <td class="num">{r.premium > 0 ? formatYuan(r.premium) : "0"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
