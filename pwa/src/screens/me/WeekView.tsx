// The agent's week from their own week scores record, synced to this
// phone, so it shows offline: the 100-point table, what is pending, the
// days, the streak and the awards.

import { myId, scoreOf, useList, useLoaded, type Score } from "../../data";
import { label } from "../../data/labels";
import { formatDay, formatYuan } from "../../i18n";
import { formatNumber } from "./format";
import { tr } from "./messages";
import type { Period } from "./period";
import { BandChip } from "./BandChip";
import { dayStrip, findScore, type StripDay } from "./scores";

export function WeekView({ period, today }: { period: Period; today: string }) {
  const scores = useList("scores", scoreOf);
  const loaded = useLoaded("scores");
  if (!loaded) return <p class="muted">{tr("loading")}</p>;
  const week = findScore(scores, myId(), period);
  if (!week) {
    return (
      <p class="card" data-testid="week-empty">
        {tr("week.empty")}
      </p>
    );
  }
  return (
    <>
      <WeekTable week={week} />
      <DayStrip days={dayStrip(week)} today={today} />
      <Streak count={week.streakOut} />
      <Awards awards={week.awards} />
    </>
  );
}

function WeekTable({ week }: { week: Score }) {
  return (
    <section class="card" aria-labelledby="week-table">
      <h2 id="week-table">{tr("week.table")}</h2>
      <p class="me-total">
        <span class="visually-hidden">{tr("week.total")}</span>
        <span class="me-total__num" data-testid="week-score-total">
          {formatNumber(week.score)}
        </span>
        <span class="me-total__of">/100</span> <BandChip band={week.band} score={week.score} />
      </p>
      {week.pendingDays > 0 && (
        <p class="notice" data-testid="week-pending">
          {tr("week.pending", { count: week.pendingDays })}
        </p>
      )}
      {week.approvedDays === 0 && <p class="muted">{tr("week.empty")}</p>}
      <div class="me-scroll">
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{tr("col.category")}</th>
              <th scope="col" class="num">
                {tr("col.target")}
              </th>
              <th scope="col" class="num">
                {tr("col.actual")}
              </th>
              <th scope="col" class="num">
                {tr("col.weight")}
              </th>
              <th scope="col" class="num">
                {tr("col.points")}
              </th>
            </tr>
          </thead>
          <tbody>
            {week.categories.map((c) => (
              <tr key={c.kind} data-testid="week-category" data-kind={c.kind}>
                <th scope="row">{label("kind", c.kind)}</th>
                <td class="num">{c.target}</td>
                <td class="num">{c.actual}</td>
                <td class="num">{formatNumber(c.weight, 2)}</td>
                <td class="num">{formatNumber(c.points, 2)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={4}>
                {tr("week.totalRow")}
              </th>
              <td class="num me-strong">{formatNumber(week.score)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
      <p class="muted me-small">
        {tr("week.results", { deals: week.counts["deal"] ?? 0, premium: formatYuan(week.premium) })}
      </p>
    </section>
  );
}

function dayMark(d: StripDay, today: string): string {
  if (d.rest) return tr("days.rest");
  if (d.day > today) return tr("days.future");
  if (d.state !== "approved") return d.state ? label("state", d.state) : tr("days.noLog");
  return d.met ? `✓ ${tr("days.met")}` : tr("days.notMet");
}

function DayStrip({ days, today }: { days: StripDay[]; today: string }) {
  return (
    <section class="card" aria-labelledby="week-days">
      <h2 id="week-days">{tr("days.title")}</h2>
      <ol class="me-days" data-testid="day-strip">
        {days.map((d) => (
          <li
            key={d.day}
            class={`me-day${d.met ? " me-day--met" : ""}${d.day === today ? " me-day--today" : ""}`}
            data-day={d.day}
            data-met={d.met ? "true" : "false"}
          >
            <span class="me-day__name">{formatDay(d.day, { weekday: "short" })}</span>
            <span class="me-day__num">
              <span class="visually-hidden">{tr("days.visits", { count: d.visits })}</span>
              <span aria-hidden="true">{d.visits}</span>
            </span>
            <span class="me-day__mark">{dayMark(d, today)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

function Streak({ count }: { count: number }) {
  return (
    <section class="card" aria-labelledby="week-streak">
      <h2 id="week-streak">{tr("streak.title")}</h2>
      <p data-testid="streak">{count > 0 ? tr("streak.days", { count }) : tr("streak.none")}</p>
      <p class="muted me-small">{tr("streak.hint")}</p>
    </section>
  );
}

export function Awards({ awards }: { awards: Score["awards"] }) {
  return (
    <section class="card" aria-labelledby="awards">
      <h2 id="awards">{tr("awards.title")}</h2>
      {awards.length === 0 ? (
        <p class="muted">{tr("awards.none")}</p>
      ) : (
        <ul class="list" data-testid="awards">
          {awards.map((a, i) => (
            <li key={`${a.kind}-${a.day ?? i}`} class="list__item">
              <span class="list__title">{label("award", a.kind)}</span>
              {a.amount !== undefined && ` ${formatYuan(a.amount)}`}
              {a.day && <span class="muted"> · {formatDay(a.day)}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
