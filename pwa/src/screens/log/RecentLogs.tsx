// `#/log`: the last two weeks in the team's zone, today first, each with its
// log's state; a date to open any day the rule allows; and the logs of any
// other day (a past year's shows its year).

import { useSignal } from "@preact/signals";
import { useEffect, useMemo, useState } from "preact/hooks";
import { dayLogOf, FIRST_DAY, teamToday, useList, type DayLog } from "../../data";
import { label } from "../../data/labels";
import { formatDay } from "../../i18n";
import { go, href } from "../../router";
import { PAGE, PagedList } from "../../ui/PagedList";
import { checkDayEntry, lastDay, otherLogs, recentDays } from "./days";
import { deletedNote } from "./DeleteLog";
import { tr } from "./messages";

export function RecentLogs() {
  const today = teamToday();
  const logs = useList("day_logs", dayLogOf);
  const byDate = useMemo(() => new Map(logs.map((l) => [l.date, l])), [logs]);
  const days = useMemo(() => recentDays(today), [today]);
  const others = useMemo(() => otherLogs(logs, days), [logs, days]);
  const shown = useSignal(PAGE);
  // Said once, on the first render after a deletion.
  const [said] = useState(() => deletedNote.peek());
  useEffect(() => {
    deletedNote.value = "";
  }, []);
  return (
    <main class="page">
      <h1>{tr("title")}</h1>
      <p class="notice" role="status" hidden={!said} data-testid="log-deleted">
        {said}
      </p>
      <section class="card" aria-labelledby="recent-title">
        <h2 id="recent-title">{tr("recent")}</h2>
        <ul class="list log-days">
          {days.map((d) => (
            <DayRow key={d} day={d} log={byDate.get(d)} />
          ))}
        </ul>
      </section>
      <OpenDay today={today} />
      {others.length > 0 && (
        <section class="card" aria-labelledby="earlier-title">
          <h2 id="earlier-title">
            {tr("earlier")} <span class="count">{others.length}</span>
          </h2>
          <PagedList items={others} shown={shown} row={(l) => <DayRow key={l.date} day={l.date} log={l} />} more={(n) => tr("more", { n })} />
        </section>
      )}
    </main>
  );
}

function DayRow({ day, log }: { day: string; log: DayLog | undefined }) {
  return (
    <li class="log-days__item">
      <a class="row-link" href={href("log", day)} data-testid="log-day" data-date={day} data-state={log?.state ?? ""}>
        <span class="row-link__main">
          <span class="row-link__title">{formatDay(day)}</span>
        </span>
        <StateChip log={log} />
      </a>
    </li>
  );
}

function StateChip({ log }: { log: DayLog | undefined }) {
  if (!log) return <span class="muted">{tr("none")}</span>;
  const tone = { draft: "", submitted: " chip--warn", approved: " chip--ok", returned: " chip--bad" }[log.state];
  return <span class={`chip${tone}`}>{label("state", log.state)}</span>;
}

/** A date to open: the picker offers only days the rule allows, and a typed one is checked the same way. */
function OpenDay({ today }: { today: string }) {
  const value = useSignal("");
  const problem = useSignal("");
  const open = (e: Event) => {
    e.preventDefault();
    const entry = checkDayEntry(value.value, today);
    if (entry.ok) {
      go("log", entry.day);
      return;
    }
    problem.value = tr(`entry.${entry.problem}`, { first: formatDay(FIRST_DAY), last: formatDay(lastDay(today)) });
  };
  return (
    <form class="card log-open" onSubmit={open} noValidate aria-labelledby="log-open-title">
      <h2 id="log-open-title">{tr("goDay")}</h2>
      <label for="log-open-date">{tr("goDayLabel")}</label>
      <div class="log-open__row">
        <input
          id="log-open-date"
          type="date"
          min={FIRST_DAY}
          max={lastDay(today)}
          value={value.value}
          aria-invalid={problem.value ? "true" : undefined}
          aria-describedby="log-open-problem"
          onInput={(e) => {
            value.value = e.currentTarget.value;
            problem.value = "";
          }}
        />
        <button type="submit" class="btn btn--secondary" data-testid="log-open">
          {tr("goDayButton")}
        </button>
      </div>
      <p id="log-open-problem" class="error" role="alert" data-testid="log-open-problem">
        {problem.value}
      </p>
    </form>
  );
}
