// One log under review (#/queue/<id>): the agent and the day, the plan
// against what the day's activities came to, each activity (voidable), the
// problems and the summary, and approve / return within thumb reach. A
// review is a change in the outbox like any other, so it works offline;
// afterwards the next waiting log opens. A review the server refused as
// stale (the agent changed the log after the version reviewed) is said at
// the top, above the current version.

import { useSignal } from "@preact/signals";
import { useEffect, useMemo, useRef } from "preact/hooks";
import { session } from "../../api";
import {
  completion,
  countKinds,
  dayLogOf,
  KINDS,
  ownerOf,
  myId,
  records,
  scoreOf,
  useCollection,
  useLoaded,
  type Activity,
  type DayLog,
  type DayResult,
} from "../../data";
import { label } from "../../data/labels";
import { formatClock, formatDay, formatYuan } from "../../i18n";
import { rejected, replica, syncState } from "../../replica";
import { go, href } from "../../router";
import { kindWithPending, pendingList } from "../../scoring/pending";
import type { Fields, LocalRecord, RejectedEntry } from "../../sync";
import { Meter } from "../../ui/Meter";
import { announce, useFlash } from "./flash";
import { formatWhen } from "./format";
import { tr } from "./messages";
import {
  approval,
  changedSince,
  dayActivities,
  needsSubject,
  nextAfter,
  otherRejections,
  planRows,
  returning,
  seenVersion,
  staleReviews,
  submittedAt,
  voiding,
} from "./review";
import { ReturnSheet, VoidSheet } from "./Sheets";
import { useQueue } from "./useQueue";

export function LogReview({ id }: { id: string }) {
  const logs = useCollection("day_logs");
  const loaded = useLoaded("day_logs");
  const rec = logs.get(id);
  const sync = syncState.value;
  if (!rec) {
    // Not here yet while the device is still fetching: say so rather than "not found".
    const fetching = sync?.syncing || !sync?.lastSyncAt;
    return (
      <main class="page">
        <a class="queue-back" href={href("queue")}>
          {tr("back")}
        </a>
        {!loaded ? (
          <p class="muted" aria-busy="true">
            {tr("loading")}
          </p>
        ) : (
          <p class="card">{fetching ? tr("firstSync") : tr("notFound")}</p>
        )}
      </main>
    );
  }
  return <Review rec={rec} />;
}

/**
 * Logs reviewed whose change is still being written: the next log is
 * chosen among the others, however fast the supervisor taps.
 */
const saving = new Set<string>();

function Review({ rec }: { rec: LocalRecord }) {
  const { queue, names, acts } = useQueue();
  const said = useFlash();
  const heading = useRef<HTMLHeadingElement>(null);
  const log = useMemo(() => dayLogOf(rec), [rec]);
  const agentId = ownerOf(rec, myId());
  const agentName = names.get(agentId) || tr("unknownAgent");
  const dayActs = dayActivities(acts, agentId, log.date);
  const done = useMemo(() => countKinds(dayActs), [dayActs]);
  const position = queue.findIndex((q) => q.id === rec.id);
  const waiting = log.state === "submitted";
  const canReview = session.value?.user.role === "supervisor";
  const stale = staleReviews(rejected.value).get(rec.id) ?? [];
  const refused = otherRejections(rejected.value, rec.id);
  const sheet = useSignal<"return" | Activity | null>(null);
  const busy = useSignal(false);

  // Arriving here after reviewing the previous log: start reading at the top.
  useEffect(() => {
    if (said) heading.current?.focus();
  }, []);

  /** The stale entries are answered by a new review: let them go. */
  const settleStale = async () => {
    const engine = replica.value?.engine;
    for (const e of stale) if (e.key !== undefined) await engine?.discardRejected(e.key);
  };

  /**
   * Writes a review and at once opens the next waiting log (or the list):
   * the write is one IndexedDB transaction and rarely fails; if it does,
   * the supervisor is brought back here and told.
   */
  const review = (fields: Fields, done: "doneApproved" | "doneReturned") => {
    if (busy.value) return;
    busy.value = true;
    const next = nextAfter(
      queue.filter((q) => !saving.has(q.id)),
      rec.id,
    );
    saving.add(rec.id);
    const written = (async () => records().put("day_logs", rec.id, fields))().finally(() => saving.delete(rec.id));
    sheet.value = null;
    announce(tr(done, { agent: agentName, date: formatDay(log.date) }));
    if (next) go("queue", next);
    else go("queue");
    written.then(
      () => settleStale().catch(() => undefined), // then the sync page still lists them
      (err: unknown) => {
        announce(tr("failed", { message: String(err) }));
        go("queue", rec.id);
      },
    );
  };

  return (
    <main class="page page--wide queue-review" data-testid="review-log" data-id={rec.id} data-state={log.state}>
      <div class="queue-top">
        <a class="queue-back" href={href("queue")}>
          {tr("back")}
        </a>
        {position >= 0 && <span class="muted">{tr("position", { i: position + 1, n: queue.length })}</span>}
      </div>
      <p class="notice" role="status" hidden={!said}>
        {said}
      </p>
      {stale.length > 0 && <StaleNotice rec={rec} entries={stale} onDone={() => void settleStale()} />}
      {refused.map((r) => (
        <div key={r.key} class="card queue-refused" role="alert">
          <p class="error">{tr("rejectedTitle", { message: r.message || r.code })}</p>
          <a href={href("sync")}>{tr("rejectedLink")}</a>
        </div>
      ))}

      <header class="queue-head">
        <h1 ref={heading} tabIndex={-1}>
          {agentName}
        </h1>
        <p class="queue-head__day">
          <span>{formatDay(log.date, { year: "numeric", month: "short", day: "numeric", weekday: "short" })}</span>{" "}
          <StateChip log={log} /> {log.amended && <span class="chip chip--warn">{tr("amended")}</span>}
        </p>
        {submittedAt(rec) > 0 && <p class="muted">{tr("submittedAt", { time: formatWhen(submittedAt(rec)) })}</p>}
        <a class="queue-agent-link" href={href("agent", agentId)}>
          {tr("agentPage")}
        </a>
      </header>

      {log.amended && <AmendedNote agentId={agentId} date={log.date} />}
      {!waiting && (
        <p class="notice" data-testid="review-not-waiting">
          {log.pending && log.state !== "draft" ? tr("pendingReview") : tr("notWaiting", { state: label("state", log.state) })}
        </p>
      )}
      {log.reviewComment && (
        <section class="card queue-comment" aria-labelledby="queue-last-comment">
          <h2 id="queue-last-comment">{tr("lastComment")}</h2>
          <p class="queue-text">{log.reviewComment}</p>
        </section>
      )}

      <div class="queue-grid">
        <div>
          <PlanSection log={log} done={done} />
          <ActivitiesSection acts={dayActs} canVoid={canReview} onVoid={(a) => (sheet.value = a)} />
        </div>
        <div>
          <ProblemsSection log={log} />
          <section class="card" aria-labelledby="queue-summary">
            <h2 id="queue-summary">{tr("summary")}</h2>
            {log.summary ? <p class="queue-text">{log.summary}</p> : <p class="muted">{tr("summaryNone")}</p>}
          </section>
        </div>
      </div>

      {!canReview ? (
        <p class="muted">{tr("readOnly")}</p>
      ) : (
        waiting && (
          <div class="row sticky-actions queue-actions">
            <button
              type="button"
              class="btn btn--secondary"
              disabled={busy.value}
              onClick={() => (sheet.value = "return")}
              data-testid="review-return"
            >
              {tr("return")}
            </button>
            <button
              type="button"
              class="btn btn--primary"
              disabled={busy.value}
              onClick={() => review(approval(rec), "doneApproved")}
              data-testid="review-approve"
            >
              {tr("approve")}
            </button>
          </div>
        )
      )}

      {sheet.value === "return" && (
        <ReturnSheet onSend={async (comment) => review(returning(rec, comment), "doneReturned")} onClose={() => (sheet.value = null)} />
      )}
      {sheet.value && sheet.value !== "return" && (
        <VoidSheet
          what={activityName(sheet.value)}
          onSend={async (reason) => {
            const a = sheet.value as Activity;
            await records().put("activities", a.id, voiding(reason));
            sheet.value = null;
          }}
          onClose={() => (sheet.value = null)}
        />
      )}
    </main>
  );
}

function StateChip({ log }: { log: DayLog }) {
  const tone = { draft: "", submitted: " chip--warn", approved: " chip--ok", returned: " chip--bad" }[log.state];
  return <span class={`chip${tone}`}>{label("state", log.state)}</span>;
}

/** The notice of a review refused as stale, and what the agent changed since. */
function StaleNotice({ rec, entries, onDone }: { rec: LocalRecord; entries: RejectedEntry[]; onDone: () => void }) {
  const changed = [...new Set(entries.flatMap((e) => changedSince(rec, seenVersion(e))))];
  return (
    <section class="card queue-stale" role="alert" data-testid="stale-notice" aria-labelledby="queue-stale-title">
      <h2 id="queue-stale-title">{tr("staleTitle")}</h2>
      <p>{tr("staleBody")}</p>
      {changed.length > 0 && (
        <p>
          <strong>{tr("staleChanged", { fields: changed.map((f) => tr(`field.${f}`)).join(tr("sep")) })}</strong>
        </p>
      )}
      <button type="button" class="btn btn--secondary" onClick={onDone} data-testid="stale-done">
        {tr("staleDone")}
      </button>
    </section>
  );
}

function PlanSection({ log, done }: { log: DayLog; done: ReturnType<typeof countKinds> }) {
  const rows = planRows(log.plan, done);
  return (
    <section class="card" aria-labelledby="queue-plan" data-testid="review-plan">
      <h2 id="queue-plan">{tr("plan")}</h2>
      {rows.length === 0 && <p class="muted">{tr("planNone")}</p>}
      {rows.map((r) => (
        <div key={r.kind} data-kind={r.kind} data-planned={r.planned ?? 0} data-done={r.done}>
          <Meter
            label={label("kind", r.kind)}
            value={completion(r.planned, r.done)}
            text={r.planned ? tr("count", { done: r.done, plan: r.planned }) : String(r.done)}
          />
        </div>
      ))}
    </section>
  );
}

/** The time of day in the team's zone (the agent's phone may have written another offset). */
function timeOf(a: Activity): string {
  return formatClock(a.at);
}

function activityName(a: Activity): string {
  return [a.kind ? label("kind", a.kind) : "", timeOf(a)].filter(Boolean).join(" ");
}

function ActivitiesSection({ acts, canVoid, onVoid }: { acts: readonly Activity[]; canVoid: boolean; onVoid: (a: Activity) => void }) {
  const customers = useCollection("customers");
  const prospects = useCollection("prospects");
  const nameOf = (a: Activity): string | null => {
    const r = a.customerId ? customers.get(a.customerId) : a.prospectId ? prospects.get(a.prospectId) : undefined;
    if (!a.customerId && !a.prospectId) return null;
    const name = r?.fields["name"];
    return typeof name === "string" && name ? name : tr("unknownName");
  };
  return (
    <section class="card" aria-labelledby="queue-acts">
      <h2 id="queue-acts">
        {tr("activities")} <span class="count">{acts.length}</span>
      </h2>
      {acts.length === 0 ? (
        <p class="muted">{tr("activitiesNone")}</p>
      ) : (
        <ol class="list">
          {acts.map((a) => {
            const who = nameOf(a);
            return (
              <li
                key={a.id}
                class={`list__item queue-act${a.voided ? " queue-act--voided" : ""}`}
                data-testid="review-activity"
                data-id={a.id}
                data-voided={a.voided ? "true" : "false"}
              >
                <div class="queue-act__main">
                  <p class="queue-act__title">
                    <span class="list__title queue-act__kind">{a.kind ? label("kind", a.kind) : "?"}</span>{" "}
                    <time class="muted" dateTime={a.occurredAt} data-testid="activity-time">
                      {timeOf(a)}
                    </time>{" "}
                    {a.voided && <span class="chip chip--bad">{tr("voided")}</span>}
                  </p>
                  <p class="queue-act__who">
                    {who !== null ? (
                      tr("with", { name: who })
                    ) : needsSubject(a) ? (
                      <span class="chip chip--warn">{tr("notCounted")}</span>
                    ) : (
                      <span class="muted">{tr("withNobody")}</span>
                    )}
                  </p>
                  {a.outcome && <p>{a.outcome}</p>}
                  {a.kind === "deal" && a.premium !== null && (
                    <p class="queue-act__premium">{tr("premium", { amount: formatYuan(a.premium) })}</p>
                  )}
                  {a.voided && a.voidReason && <p class="error">{tr("voidReason", { reason: a.voidReason })}</p>}
                </div>
                {canVoid && !a.voided && (
                  <button
                    type="button"
                    class="btn btn--danger-quiet queue-act__void"
                    onClick={() => onVoid(a)}
                    aria-label={tr("voidLabel", { kind: a.kind ? label("kind", a.kind) : "", time: timeOf(a) })}
                    data-testid="void-button"
                  >
                    {tr("void")}
                  </button>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

function ProblemsSection({ log }: { log: DayLog }) {
  return (
    <section class="card" aria-labelledby="queue-problems">
      <h2 id="queue-problems">
        {tr("problemsTitle")} <span class="count">{log.problems.length}</span>
      </h2>
      {log.problems.length === 0 ? (
        <p class="muted">{tr("problemsNone")}</p>
      ) : (
        <ul class="list">
          {log.problems.map((p, i) => (
            <li key={i} class="list__item" data-testid="review-problem" data-tag={p.tag}>
              <span class="chip">{label("tag", p.tag)}</span>
              {p.text && <p class="queue-text queue-problem__text">{p.text}</p>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The day as the server scored it, from the agent's week's scores record on this phone. */
function useScoredDay(agentId: string, date: string): DayResult | null {
  const scores = useCollection("scores");
  return useMemo(() => {
    for (const r of scores.values()) {
      const sc = scoreOf(r);
      if (sc.agentId !== agentId || sc.kind !== "week" || date < sc.start || date > sc.end) continue;
      return sc.days.find((d) => d.day === date) ?? null;
    }
    return null;
  }, [scores, agentId, date]);
}

/**
 * An amended day: what it still counts (what was approved) and what the
 * change would add or take away once approved (docs/scoring.md).
 */
function AmendedNote({ agentId, date }: { agentId: string; date: string }) {
  const day = useScoredDay(agentId, date);
  const counts = day?.counts ?? {};
  const counted = KINDS.filter((k) => counts[k])
    .map((k) => kindWithPending(k, counts[k]!, undefined))
    .join(" · ");
  const change = pendingList(day?.pending ?? {}, KINDS);
  return (
    <section class="notice" data-testid="review-amended">
      <p>{tr("amendedExplain")}</p>
      {day && <p data-testid="review-amended-counted">{tr("amendedCounted", { counts: counted || tr("amendedNothing") })}</p>}
      {day && <p data-testid="review-amended-change">{tr("amendedChange", { change: change || tr("amendedNoChange") })}</p>}
    </section>
  );
}
