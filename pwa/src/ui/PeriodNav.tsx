// Previous / next period around the period's name, and a way back to the
// current one. The name is announced when it changes, since the buttons
// keep focus while the content below them changes. PeriodPicker puts the
// week / month tabs above it, for the screens whose period is in the route.

import { translator } from "../i18n";
import { formatPeriod } from "../i18n/format";
import { currentPeriod, shiftPeriod, switchKind, type Period, type PeriodKind } from "../scoring/period";
import { en } from "./PeriodNav.en";
import { zhCN } from "./PeriodNav.zh-CN";
import { Tabs } from "./Tabs";

const tr = translator({ "zh-CN": zhCN, en });

/** The week / month tabs (a change of kind keeps today's period in view) over PeriodNav. */
export function PeriodPicker({
  period,
  today,
  onGo,
  testid,
}: {
  period: Period;
  today: string;
  onGo: (p: Period) => void;
  /** The data-testid of the tabs. */
  testid: string;
}) {
  return (
    <>
      <div data-testid={testid}>
        <Tabs<PeriodKind>
          label={tr("tabs.label")}
          value={period.kind}
          options={[
            { value: "week", label: tr("tabs.week") },
            { value: "month", label: tr("tabs.month") },
          ]}
          onChange={(kind) => onGo(switchKind(period, kind, today))}
        />
      </div>
      <PeriodNav period={period} today={today} onGo={onGo} />
    </>
  );
}

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
