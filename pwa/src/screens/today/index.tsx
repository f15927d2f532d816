// Today: the screen the app opens on. The day's plan against what is done,
// kind by kind; one tap on a kind opens the sheet that records it; the
// streak; and what was recorded today, newest first (a tap on one opens it
// in the activity sheet, to correct it).
//
// It is part of the first bundle (not lazy): it must be interactive within
// a second of opening on a slow phone.

import { useSignal } from "@preact/signals";
import { useEffect, useMemo } from "preact/hooks";
import { session } from "../../api";
import {
  completion,
  countKinds,
  customerOf,
  dayLogOf,
  mondayOf,
  myId,
  newestInstantFirst,
  prospectOf,
  records,
  scoreOf,
  TAP_KINDS,
  teamToday,
  useActivities,
  useCollection,
  useList,
  useLoaded,
  type Activity,
} from "../../data";
import { label } from "../../data/labels";
import { formatClock, formatDay, formatYuan } from "../../i18n";
import { href } from "../../router";
import { ActivitySheet, type TapKind } from "../../ui/ActivitySheet";
import { DayFocusCard } from "../../ui/DayFocusCard";
import { FollowUpsCard } from "../../ui/FollowUpsCard";
import { Meter } from "../../ui/Meter";
import { tr } from "./messages";

export function TodayScreen() {
  const day = teamToday();
  const me = myId();
  const acts = useActivities();
  const logs = useCollection("day_logs");
  const scores = useList("scores", scoreOf);
  const loaded = useLoaded("activities");
  const open = useSignal<TapKind | null>(null);
  const editing = useSignal<string | null>(null);

  const todays = useMemo(
    () => acts.filter((a) => a.day === day).sort(newestInstantFirst),
    [acts, day],
  );
  const counts = useMemo(() => countKinds(todays), [todays]);
  const log = useMemo(() => {
    for (const r of logs.values()) if (r.fields["date"] === day) return dayLogOf(r);
    return null;
  }, [logs, day]);
  const week = scores.find((s) => s.kind === "week" && s.agentId === me && s.start === mondayOf(day));
  const name = session.value?.user.name ?? "";

  // The moment the screen shows the day's own data: what the start-up
  // benchmark measures (e2e, BENCHMARKS.md).
  useEffect(() => {
    if (loaded && performance.getEntriesByName("today-ready").length === 0) performance.mark("today-ready");
  }, [loaded]);

  return (
    <main class="page today" data-ready={loaded ? "1" : undefined}>
      <div class="page-head">
        <h1>
          {tr("title")} <span class="count">{formatDay(day)}</span>
        </h1>
        {log && (
          <span class={`chip${log.pending ? " chip--warn" : ""}`} data-testid="today-log-state">
            {tr("logState", { state: label("state", log.state) })}
            {log.pending && ` · ${tr("pending")}`}
          </span>
        )}
      </div>
      {name && <p class="muted">{tr("hello", { name })}</p>}
      <DayFocusCard />

      <section class="card" aria-labelledby="tap-title">
        <h2 id="tap-title">{tr("record")}</h2>
        <div class="tapgrid">
          {TAP_KINDS.map((k) => (
            <button
              key={k}
              type="button"
              class={`tapgrid__btn tapgrid__btn--${k}`}
              data-testid={`tap-${k}`}
              onClick={() => (open.value = k)}
            >
              <span class="tapgrid__label">{label("kind", k)}</span>
              <span class="tapgrid__num" aria-label={`${counts[k]}`}>
                {counts[k]}
                {log?.plan[k] ? <small>/{log.plan[k]}</small> : null}
              </span>
            </button>
          ))}
        </div>
      </section>

      <FollowUpsCard acts={acts} />

      <section class="card" aria-labelledby="plan-title">
        <h2 id="plan-title">{tr("plan")}</h2>
        {log && Object.keys(log.plan).length > 0 ? (
          TAP_KINDS.filter((k) => log.plan[k]).map((k) => (
            <Meter key={k} label={label("kind", k)} value={completion(log.plan[k], counts[k])} text={`${counts[k]} / ${log.plan[k]}`} />
          ))
        ) : (
          <p class="muted">{tr("noPlan")}</p>
        )}
        <a class="btn btn--secondary btn--block" href={href("log", day)}>
          {log ? tr("editLog") : tr("setPlan")}
        </a>
      </section>

      <section class="card" aria-labelledby="streak-title">
        <h2 id="streak-title">{tr("streak")}</h2>
        <p class="streak" data-testid="streak">
          <strong>{tr("streakDays", { n: week?.streakOut ?? 0 })}</strong>
        </p>
        <p class="muted">{week && week.streakOut > 0 ? tr("streakHint") : tr("streakNone")}</p>
      </section>

      <section class="card" aria-labelledby="done-title">
        <h2 id="done-title">{tr("done")}</h2>
        {loaded && todays.length === 0 && <p class="muted">{tr("nothing")}</p>}
        <ul class="list" data-testid="today-list">
          {todays.map((a) => (
            <ActivityRow key={a.id} a={a} onOpen={() => (editing.value = a.id)} />
          ))}
        </ul>
      </section>

      {open.value && <ActivitySheet kind={open.value} onClose={() => (open.value = null)} />}
      <EditSheet acts={acts} id={editing.value} onClose={() => (editing.value = null)} />
    </main>
  );
}

/** The sheet that edits one of the day's records, while it is there. */
function EditSheet({ acts, id, onClose }: { acts: readonly Activity[]; id: string | null; onClose: () => void }) {
  const a = id ? acts.find((x) => x.id === id) : undefined;
  return a ? <ActivitySheet activity={a} onClose={onClose} /> : null;
}

function ActivityRow({ a, onOpen }: { a: Activity; onOpen: () => void }) {
  const customers = useCollection("customers");
  const prospects = useCollection("prospects");
  const who = a.customerId
    ? customers.get(a.customerId) && customerOf(customers.get(a.customerId)!).name
    : a.prospectId
      ? prospects.get(a.prospectId) && prospectOf(prospects.get(a.prospectId)!).name
      : "";
  const remove = (e: Event) => {
    e.stopPropagation(); // not a tap on the row
    if (confirm(tr("confirmDelete"))) void records().put("activities", a.id, { _deleted: true });
  };
  return (
    <li class="list__item activity activity--opens" data-testid="activity-row" data-id={a.id} data-kind={a.kind ?? ""} onClick={onOpen}>
      <div class="row">
        <span class="list__title">{label("kind", a.kind)}</span>
        <time class="muted" dateTime={a.occurredAt} data-testid="activity-time">
          {formatClock(a.at)}
        </time>
        {who && <span>{tr("with", { name: who })}</span>}
        {a.premium !== null && <span>{formatYuan(a.premium)}</span>}
        {a.pending && <span class="chip chip--warn">{tr("pending")}</span>}
        {a.voided && <span class="chip chip--bad">{tr("voided")}</span>}
      </div>
      {a.outcome && <p class="activity__text">{a.outcome}</p>}
      <div class="row">
        <button type="button" class="btn btn--quiet" data-testid="activity-open">
          {a.voided ? tr("view") : tr("edit")}
        </button>
        {!a.voided && (
          <button type="button" class="btn btn--danger-quiet" onClick={remove}>
            {tr("delete")}
          </button>
        )}
      </div>
    </li>
  );
}
