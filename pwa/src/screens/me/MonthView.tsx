// The agent's month: the month's scores record from this phone with the
// month rule beside it (the weeks that start in the month, the week that
// counts for the month before, no bare 0 before the first week), the
// monthly review from the server (the last one kept when offline), and
// the month's charts.

import { KINDS, myId, scoreOf, teamToday, useList, useLoaded, type Score } from "../../data";
import { formatYuan } from "../../i18n";
import { formatNumber } from "../../i18n/format";
import { useRemote } from "../../remote";
import { countsIn, monthRule, monthWeeks, notYetText, shortDay, type MonthRule, type MonthWeek } from "../../scoring/monthRule";
import { pendingList, withPending } from "../../scoring/pending";
import type { Period } from "../../scoring/period";
import { parseReview } from "../../scoring/review";
import { findScore, visitsPerDay } from "../../scoring/scores";
import { BandChip } from "../../ui/BandChip";
import { MonthRuleNotes } from "../../ui/MonthRuleNotes";
import { RemoteNote } from "../../ui/RemoteNote";
import { tr } from "./messages";
import { MonthCharts } from "./MonthCharts";
import { ReviewBody } from "./ReviewSections";
import { Awards, PendingNote } from "./WeekView";

export function MonthView({ period, today }: { period: Period; today: string }) {
  const scores = useList("scores", scoreOf);
  const loaded = useLoaded("scores");
  const me = myId();
  const month = findScore(scores, me, period);
  // The month's weeks as of today in the team's zone, where the server counts them.
  const zoneToday = teamToday();
  const rule = monthRule(period.label, zoneToday);
  const review = useRemote(`/api/reviews/agent?month=${period.label}`, `review:${period.label}`, parseReview);
  return (
    <>
      {loaded ? <MonthScore month={month} rule={rule} weeks={monthWeeks(rule, scores, me, zoneToday)} /> : <p class="muted">{tr("loading")}</p>}
      <section aria-labelledby="review-title" data-testid="review">
        <h2 id="review-title" class="me-section">
          {tr("review.title")}
        </h2>
        <RemoteNote remote={review} />
        {review.value ? (
          <ReviewBody review={review.value} myVisitsPerDay={visitsPerDay(month)} />
        ) : (
          review.offline && (
            <p class="card" data-testid="review-needs-network">
              {tr("review.needsNetwork")}
            </p>
          )
        )}
      </section>
      {loaded && <MonthCharts month={period.label} today={today} agentId={me} scores={scores} review={review.value} />}
    </>
  );
}

function MonthScore({ month, rule, weeks }: { month: Score | null; rule: MonthRule; weeks: MonthWeek[] }) {
  // Before the month's first Monday there is no week of its own: say so, not 0.
  const notYet = notYetText(rule);
  const changes = month ? pendingList(month.pendingCounts, KINDS) : "";
  return (
    <>
      <section class="card" aria-labelledby="month-score" data-testid="month-score">
        <h2 id="month-score">{tr("month.score")}</h2>
        {notYet ? (
          <p class="notice" data-testid="month-not-yet">
            {notYet}
          </p>
        ) : month ? (
          <p class="me-total">
            <span class="me-total__num" data-testid="month-score-total">
              {formatNumber(month.score)}
            </span>
            <span class="me-total__of">/100</span> <BandChip band={month.band} score={month.score} />
          </p>
        ) : (
          <p data-testid="month-empty">{tr("month.empty")}</p>
        )}
        <MonthRuleNotes rule={rule} class="me-small" />
        <h3 class="me-h3">{tr("month.weeks")}</h3>
        <ol class="me-weeks" data-testid="month-weeks">
          {weeks.map((w) => (
            <li key={w.start} class={w.month === rule.month ? "me-week" : "me-week me-week--other"} data-start={w.start} data-month={w.month}>
              <span class="me-week__days">
                {shortDay(w.start)}–{shortDay(w.end)}
              </span>
              <span class="me-week__score">
                {w.month !== rule.month
                  ? countsIn(w.month)
                  : w.score === null
                    ? tr("month.weekToCome")
                    : tr("month.weekScore", { score: formatNumber(w.score) })}
              </span>
            </li>
          ))}
        </ol>
        {month && (month.pendingDays > 0 || changes) && (
          <p class="notice" data-testid="month-pending">
            <PendingNote score={month} changes={changes} />
          </p>
        )}
        {month && (
          <p class="muted me-small">
            {tr("month.results", { deals: withPending(month.counts["deal"] ?? 0, month.pendingCounts["deal"]), premium: formatYuan(month.premium) })}
          </p>
        )}
      </section>
      {month && <Awards awards={month.awards} />}
    </>
  );
}
