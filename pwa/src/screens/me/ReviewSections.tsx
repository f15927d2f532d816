// The parts of the monthly review (GET /api/reviews/agent): targets
// against actuals, rates, file completeness, the team beside the
// benchmark, and the coaching alerts with what to practise.

import { label } from "../../data/labels";
import { formatYuan, lang } from "../../i18n";
import { formatMaybe, formatMonth, formatPercent } from "../../i18n/format";
import { href } from "../../router";
import { alertWords } from "../../scoring/alerts";
import type { Alert, FileGap, MonthReview, TargetRow, TeamAverages } from "../../scoring/review";
import { Meter } from "../../ui/Meter";
import { tr } from "./messages";

export function ReviewBody({ review, myVisitsPerDay }: { review: MonthReview; myVisitsPerDay: number | null }) {
  return (
    <>
      <Targets rows={review.targets} />
      <Rates review={review} />
      <Files files={review.files} />
      {review.team && <TeamBeside review={review} team={review.team} myVisitsPerDay={myVisitsPerDay} />}
      <Alerts alerts={review.alerts} />
    </>
  );
}

function Targets({ rows }: { rows: TargetRow[] }) {
  return (
    <section class="card" aria-labelledby="review-targets">
      <h2 id="review-targets">{tr("targets.title")}</h2>
      <div class="me-scroll">
        <table class="table" data-testid="review-targets">
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
                {tr("col.rate")}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.kind} data-kind={r.kind}>
                <th scope="row">{label("kind", r.kind)}</th>
                <td class="num">{r.target}</td>
                <td class="num">{r.actual}</td>
                <td class="num">{formatPercent(r.rate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Rates({ review }: { review: MonthReview }) {
  return (
    <section class="card" aria-labelledby="review-rates">
      <h2 id="review-rates">{tr("rates.title")}</h2>
      <Meter value={review.visitCompletion} label={tr("rates.visitCompletion")} />
      <dl class="facts me-facts" data-testid="review-rates">
        <div>
          <dt>{tr("rates.appointmentSuccess")}</dt>
          <dd class="facts__num">{formatPercent(review.appointmentSuccess)}</dd>
        </div>
        <div>
          <dt>{tr("rates.closeRate")}</dt>
          <dd class="facts__num">{formatPercent(review.closeRate)}</dd>
        </div>
        <div>
          <dt>{tr("rates.avgPremium")}</dt>
          <dd class="facts__num">{review.avgPremium === null ? formatMaybe(null) : formatYuan(review.avgPremium)}</dd>
        </div>
        <div>
          <dt>{tr("rates.totalPremium")}</dt>
          <dd class="facts__num">{formatYuan(review.totalPremium)}</dd>
        </div>
      </dl>
      <h3 class="me-h3">{tr("rates.trend")}</h3>
      <ol class="me-trend" data-testid="close-rate-trend">
        {review.closeRateTrend.map((p) => (
          <li key={p.month}>
            <span class="muted">{formatMonth(p.month)}</span>
            <strong>{formatPercent(p.rate)}</strong>
          </li>
        ))}
      </ol>
    </section>
  );
}

function Files({ files }: { files: MonthReview["files"] }) {
  return (
    <section class="card" aria-labelledby="review-files">
      <h2 id="review-files">{tr("files.title")}</h2>
      {files.total === 0 ? (
        <p class="muted">{tr("files.none")}</p>
      ) : (
        <>
          <Meter value={files.rate} label={tr("files.title")} />
          <p>{tr("files.summary", { complete: files.complete, total: files.total })}</p>
        </>
      )}
      {files.gaps.length > 0 && (
        <>
          <h3 class="me-h3">{tr("files.gaps")}</h3>
          <ul class="list" data-testid="file-gaps">
            {files.gaps.map((g) => (
              <GapRow key={g.customerId} gap={g} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function GapRow({ gap }: { gap: FileGap }) {
  const sep = lang.value === "en" ? ", " : "、";
  return (
    <li>
      <a class="row-link" href={href("customers", gap.customerId)}>
        <span class="row-link__main">
          <span class="row-link__title">{gap.name}</span>
          <span class="row-link__sub"> {tr("files.missing", { parts: gap.missing.map((p) => label("part", p)).join(sep) })}</span>
        </span>
        <span aria-hidden="true">›</span>
      </a>
    </li>
  );
}

function TeamBeside({ review, team, myVisitsPerDay }: { review: MonthReview; team: TeamAverages; myVisitsPerDay: number | null }) {
  const yuan = (n: number | null) => (n === null ? formatMaybe(null) : formatYuan(n));
  const rows: [string, string, string, string][] = [
    [tr("team.visitsPerDay"), formatMaybe(myVisitsPerDay), formatMaybe(team.visitsPerDay), formatMaybe(team.benchmark.visitsPerDay)],
    [tr("team.closeRate"), formatPercent(review.closeRate), formatPercent(team.closeRate), formatPercent(team.benchmark.closeRate)],
    [tr("team.avgPremium"), yuan(review.avgPremium), yuan(team.avgPremium), formatMaybe(null)],
    [tr("team.score"), formatMaybe(review.score), formatMaybe(team.score), formatMaybe(null)],
  ];
  return (
    <section class="card" aria-labelledby="review-team">
      <h2 id="review-team">{tr("team.title")}</h2>
      <div class="me-scroll">
        <table class="table" data-testid="review-team">
          <caption class="visually-hidden">{tr("team.caption", { agents: team.agents })}</caption>
          <thead>
            <tr>
              <th scope="col">{tr("team.figure")}</th>
              <th scope="col" class="num">
                {tr("team.me")}
              </th>
              <th scope="col" class="num">
                {tr("team.team")}
              </th>
              <th scope="col" class="num">
                {tr("team.benchmark")}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([name, ...cells]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                {cells.map((c, i) => (
                  <td key={i} class="num">
                    {c}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function alertText(a: Alert): { why: string; what: string } {
  const known = alertWords(a.code);
  if (known) return known;
  // A code this version does not know: the server's own words, and the tag to practise.
  return { why: lang.value === "en" ? a.messageEn || a.message : a.message, what: label("tag", a.focus) };
}

function Alerts({ alerts }: { alerts: Alert[] }) {
  return (
    <section class="card" aria-labelledby="review-alerts">
      <h2 id="review-alerts">{tr("alerts.title")}</h2>
      {alerts.length === 0 ? (
        <p class="muted">{tr("alerts.none")}</p>
      ) : (
        <ul class="list" data-testid="alerts">
          {alerts.map((a) => {
            const { why, what } = alertText(a);
            return (
              <li key={a.code} class="list__item" data-code={a.code}>
                <p class="list__title">{why}</p>
                {what && <p class="me-practise">{tr("alerts.practise", { what })}</p>}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
