// A route to a day that cannot have a log (#/log/2099-01-01, a typo): said
// plainly, with the way to today's log. A log already stored on such a day
// (written before the rule) may still be deleted from here.

import { useMemo } from "preact/hooks";
import { dayLogOf, FIRST_DAY, useCollection } from "../../data";
import { formatDay } from "../../i18n";
import { href } from "../../router";
import { canDelete, isDay, lastDay } from "./days";
import { DeleteLog } from "./DeleteLog";
import { tr } from "./messages";

export function Refused({ date, today }: { date: string; today: string }) {
  const logs = useCollection("day_logs");
  const stored = useMemo(() => {
    for (const r of logs.values()) if (r.fields["date"] === date) return dayLogOf(r);
    return null;
  }, [logs, date]);
  const full = { year: "numeric", month: "long", day: "numeric" } as const;
  return (
    <main class="page">
      <h1>{tr("title")}</h1>
      <section class="card" role="alert" data-testid="log-refused" data-date={date}>
        <h2>{tr("refusedTitle")}</h2>
        <p>
          {isDay(date)
            ? tr("refused", { first: formatDay(FIRST_DAY, full), last: formatDay(lastDay(today), full), day: formatDay(date, full) })
            : tr("refusedNotADay", { day: date })}
        </p>
        <a class="btn btn--primary btn--block" href={href("log", today)} data-testid="log-go-today">
          {tr("goToday")}
        </a>
      </section>
      {canDelete(stored) && <DeleteLog log={stored!} />}
    </main>
  );
}
