// The agent's month: the month's scores record from this phone, the
// monthly review from the server (the last one kept when offline), and
// the month's charts.

import { myId, scoreOf, useList, useLoaded, type Score } from "../../data";
import { formatYuan } from "../../i18n";
import { BandChip } from "./BandChip";
import { MonthCharts } from "./MonthCharts";
import { RemoteNote } from "./RemoteNote";
import { formatNumber } from "./format";
import { tr } from "./messages";
import type { Period } from "./period";
import { useRemote } from "./remote";
import { ReviewBody } from "./ReviewSections";
import { parseReview } from "./review";
import { findScore, visitsPerDay } from "./scores";
import { Awards } from "./WeekView";

export function MonthView({ period, today }: { period: Period; today: string }) {
  const scores = useList("scores", scoreOf);
  const loaded = useLoaded("scores");
  const me = myId();
  const month = findScore(scores, me, period);
  const review = useRemote(`/api/reviews/agent?month=${period.label}`, `review:${period.label}`, parseReview);
  return (
    <>
      {loaded ? <MonthScore month={month} /> : <p class="muted">{tr("loading")}</p>}
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

function MonthScore({ month }: { month: Score | null }) {
  if (!month) {
    return (
      <p class="card" data-testid="month-empty">
        {tr("month.empty")}
      </p>
    );
  }
  return (
    <>
      <section class="card" aria-labelledby="month-score">
        <h2 id="month-score">{tr("month.score")}</h2>
        <p class="me-total">
          <span class="me-total__num" data-testid="month-score-total">
            {formatNumber(month.score)}
          </span>
          <span class="me-total__of">/100</span> <BandChip band={month.band} score={month.score} />
        </p>
        <p class="muted me-small">{tr("month.scoreNote")}</p>
        {month.pendingDays > 0 && <p class="notice">{tr("month.pending", { count: month.pendingDays })}</p>}
        <p class="muted me-small">{tr("month.results", { deals: month.counts["deal"] ?? 0, premium: formatYuan(month.premium) })}</p>
      </section>
      <Awards awards={month.awards} />
    </>
  );
}
