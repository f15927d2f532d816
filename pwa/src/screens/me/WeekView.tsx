// The agent's week from their own week scores record, synced to this
// phone, so it shows offline: the 100-point table with what is pending
// beside the approved counts, the days (a day changed after approval is
// marked, and still counts what was approved), the streak and the awards.

import { KINDS, myId, scoreOf, useList, useLoaded, type Score } from "../../data";
import { label } from "../../data/labels";
import { formatDay, formatYuan } from "../../i18n";
import { formatNumber } from "../../i18n/format";
import { amendedMark, pendingList, pendingText, withPending } from "../../scoring/pending";
import type { Period } from "../../scoring/period";
import { dayStrip, findScore, type StripDay } from "../../scoring/scores";
import { BandChip } from "../../ui/BandChip";
import { tr } from "./messages";

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
  const changes = pendingList(week.pendingCounts, KINDS);
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
      {(week.pendingDays > 0 || changes) && (
        <p class="notice" data-testid="week-pending">
          <PendingNote score={week} changes={changes} />
        </p>
      )}
      {week.approvedDays === 0 && <p class="muted">{tr("week.empty")}</p>}
      {/* Three columns: fits a 360 px phone without scrolling sideways. */}
      <table class="table">
        <thead>
          <tr>
            <th scope="col">{tr("col.category")}</th>
            <th scope="col" class="num">
              {tr("col.doneOf")}
            </th>
            <th scope="col" class="num">
              {tr("col.pointsOf")}
            </th>
          </tr>
        </thead>
        <tbody>
          {week.categories.map((c) => (
            <tr key={c.kind} data-testid="week-category" data-kind={c.kind}>
              <th scope="row">{label("kind", c.kind)}</th>
              <td class="num">
                {c.actual}/{c.target}
                {(week.pendingCounts[c.kind] ?? 0) !== 0 && (
                  <span class="me-delta" data-testid="week-category-pending">
                    {pendingText(week.pendingCounts[c.kind])}
                  </span>
                )}
              </td>
              <td class="num">
                {formatNumber(c.points, 2)}/{formatNumber(c.weight, 2)}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={2}>
              {tr("week.totalRow")}
            </th>
            <td class="num me-strong">{formatNumber(week.score)}/100</td>
          </tr>
        </tfoot>
      </table>
      <p class="muted me-small">
        {tr("week.results", { deals: withPending(week.counts["deal"] ?? 0, week.pendingCounts["deal"]), premium: formatYuan(week.premium) })}
      </p>
    </section>
  );
}

/** The days waiting for review, those changed after approval, and what they would change. */
export function PendingNote({ score, changes }: { score: Score; changes: string }) {
  return (
    <>
      {score.pendingDays > 0 && (score.pendingDays === 1 ? tr("week.pending1") : tr("week.pending", { count: score.pendingDays }))}
      {score.amendedDays > 0 && ` ${score.amendedDays === 1 ? tr("week.amended1") : tr("week.amended", { count: score.amendedDays })}`}
      {changes && (
        <span class="me-pending-list" data-testid="pending-counts">
          {tr("week.pendingList", { list: changes })}
        </span>
      )}
    </>
  );
}

function dayMark(d: StripDay, today: string): string {
  if (d.rest) return tr("days.rest");
  if (d.day > today) return tr("days.future");
  if (d.amended) return amendedMark();
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
            class={`me-day${d.met ? " me-day--met" : ""}${d.amended ? " me-day--amended" : ""}${d.day === today ? " me-day--today" : ""}`}
            data-day={d.day}
            data-met={d.met ? "true" : "false"}
            data-amended={d.amended ? "true" : "false"}
          >
            <span class="me-day__name">{formatDay(d.day, { weekday: "short" })}</span>
            <span class="me-day__num">
              <span class="visually-hidden">{tr("days.visits", { count: d.visits })}</span>
              <span aria-hidden="true">{d.visits}</span>
            </span>
            {d.pendingVisits !== 0 && <span class="me-day__delta">{pendingText(d.pendingVisits)}</span>}
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
