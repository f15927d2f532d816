// The month in charts: the weekly scores and the visits of each day, from
// the scores records on this phone (so they draw offline), and the close
// rate beside appointment success over three months when the review is
// at hand.

import type { Score } from "../../data";
import { formatDay } from "../../i18n";
import { formatMonth, formatNumber, formatPercent, formatShortDay } from "../../i18n/format";
import type { MonthReview } from "../../scoring/review";
import { dailyVisits, rateTrend, weeklyScores } from "../../scoring/scores";
import { Chart } from "../../ui/Chart";
import { tr } from "./messages";

interface Props {
  month: string;
  today: string;
  agentId: string;
  scores: readonly Score[];
  review: MonthReview | null;
}

export function MonthCharts({ month, today, agentId, scores, review }: Props) {
  const weeks = weeklyScores(scores, agentId, month, today);
  const days = dailyVisits(scores, agentId, month, today);
  const rates = review ? rateTrend(review.closeRateTrend, scores, agentId) : [];
  const whole = (v: number) => formatNumber(v, 0);
  return (
    <section class="card" aria-labelledby="month-charts">
      <h2 id="month-charts">{tr("charts.title")}</h2>
      <Chart
        testid="chart-weekly"
        title={tr("chart.weekly")}
        note={tr("chart.weeklyNote")}
        xName={tr("chart.week")}
        labels={weeks.map((w) => w.label.slice(5))}
        rowNames={weeks.map((w) => `${w.label} · ${formatShortDay(w.start)}`)}
        series={[{ label: tr("chart.score"), values: weeks.map((w) => w.score), format: (v) => formatNumber(v) }]}
        yMax={100}
      />
      <Chart
        testid="chart-daily"
        title={tr("chart.daily")}
        note={tr("chart.dailyNote")}
        xName={tr("chart.day")}
        labels={days.map((d) => String(Number(d.day.slice(8))))}
        rowNames={days.map((d) => formatDay(d.day))}
        series={[{ label: tr("chart.visits"), values: days.map((d) => d.visits), format: whole }]}
        bars
      />
      {rates.length > 0 && (
        <Chart
          testid="chart-rates"
          title={tr("chart.rates")}
          note={tr("chart.ratesNote")}
          xName={tr("chart.month")}
          labels={rates.map((r) => formatDay(`${r.month}-01`, { month: "short" }))}
          rowNames={rates.map((r) => formatMonth(r.month))}
          series={[
            { label: tr("team.closeRate"), values: rates.map((r) => r.closeRate), format: formatPercent },
            { label: tr("rates.appointmentSuccessShort"), values: rates.map((r) => r.appointmentSuccess), format: formatPercent },
          ]}
        />
      )}
    </section>
  );
}
