// Previous / next period around the period's name, and a way back to the
// current one. The name is announced when it changes, since the buttons
// keep focus while the content below them changes.

import { messages } from "../../i18n";
import { formatPeriod } from "./format";
import { currentPeriod, shiftPeriod, type Period } from "./period";

const tr = messages(
  {
    label: "切换周期",
    prevWeek: "上一周",
    nextWeek: "下一周",
    prevMonth: "上个月",
    nextMonth: "下个月",
    thisWeek: "回到本周",
    thisMonth: "回到本月",
  },
  {
    label: "Change period",
    prevWeek: "Previous week",
    nextWeek: "Next week",
    prevMonth: "Previous month",
    nextMonth: "Next month",
    thisWeek: "Back to this week",
    thisMonth: "Back to this month",
  },
);

export function PeriodNav({ period, today, onGo }: { period: Period; today: string; onGo: (p: Period) => void }) {
  const week = period.kind === "week";
  const now = currentPeriod(period.kind, today);
  // Periods to come hold nothing yet: the current one is the last to show.
  const atNow = period.start >= now.start;
  return (
    <nav class="period" aria-label={tr("label")}>
      <button type="button" class="btn btn--secondary period__step" data-testid="period-prev" onClick={() => onGo(shiftPeriod(period, -1))}>
        <span aria-hidden="true">‹</span>
        <span class="visually-hidden">{tr(week ? "prevWeek" : "prevMonth")}</span>
      </button>
      <h2 class="period__name" aria-live="polite" data-testid="period-name">
        {formatPeriod(period)}
      </h2>
      <button
        type="button"
        class="btn btn--secondary period__step"
        data-testid="period-next"
        disabled={atNow}
        onClick={() => onGo(shiftPeriod(period, 1))}
      >
        <span aria-hidden="true">›</span>
        <span class="visually-hidden">{tr(week ? "nextWeek" : "nextMonth")}</span>
      </button>
      {!atNow && (
        <button type="button" class="btn btn--quiet period__now" onClick={() => onGo(now)}>
          {tr(week ? "thisWeek" : "thisMonth")}
        </button>
      )}
    </nav>
  );
}
