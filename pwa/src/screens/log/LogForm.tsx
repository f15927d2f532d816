// One day's log as a form: what is true of it now (sent or not), the plan,
// what the day's activities came to against it and each of them at its
// time in the team's zone, the problems, the summary, saving and submitting,
// and deleting a draft or returned log.

import { useSignal } from "@preact/signals";
import { useMemo } from "preact/hooks";
import {
  completion,
  countKinds,
  KINDS,
  MAX_TEXT,
  myId,
  records,
  TAGS,
  useActivities,
  useCollection,
  type Activity,
  type DayLog,
  type Kind,
  type Problem,
  type Tag,
} from "../../data";
import { label } from "../../data/labels";
import { formatClock } from "../../i18n";
import { nameUUID, type Fields } from "../../sync";
import { ActivitySheet } from "../../ui/ActivitySheet";
import { FormGuard, Theirs } from "../../ui/FormGuard";
import { Meter } from "../../ui/Meter";
import { activitiesOfDay, canDelete, logStatus, revivalFields } from "./days";
import { DeleteLog } from "./DeleteLog";
import { changedLogFields, type LogDraft } from "./draft";
import { tr } from "./messages";
import { planText, problemsText, useLogForm } from "./useLogForm";

export function LogForm({ date, log }: { date: string; log: DayLog | null }) {
  const acts = useActivities();
  const dayActs = useMemo(() => activitiesOfDay(acts, date), [acts, date]);
  const counts = useMemo(() => countKinds(dayActs), [dayActs]);
  // A newer version of the log (the other phone, another tab, the
  // supervisor's review) is merged into what the agent types, never over it.
  const { form, plan, problems, summary, base } = useLogForm(date, log);
  // After Save or Submit: what is true of the log from then on (it follows
  // the record, so "not sent yet" turns into "waiting" when the server has
  // it), or the error that stopped the write.
  const acted = useSignal(false);
  const error = useSignal("");
  const busy = useSignal(false);

  const save = async (submit: boolean) => {
    if (busy.value) return;
    const draft: LogDraft = { plan: plan.value, problems: problems.value, summary: summary.value };
    let fields: Fields = changedLogFields(base, draft);
    busy.value = true;
    error.value = "";
    form.saving();
    try {
      const id = log?.id ?? (await nameUUID(myId(), date));
      if (!log) {
        // The day's id is fixed: a log deleted before is this same record,
        // and must not bring its old plan, problems and summary back.
        const stored = await records().engine.store.read("day_logs", id);
        fields = { ...revivalFields(stored?.fields ?? null), ...fields, date };
        if (!submit) fields["state"] = "draft";
      }
      // An approved log goes back to the queue by itself when it changes; a
      // draft or returned one is sent for review by setting its state.
      if (submit && log?.state !== "approved") fields["state"] = "submitted";
      if (Object.keys(fields).length > 0) await records().put("day_logs", id, fields);
      form.saved();
      acted.value = true;
    } catch (err) {
      form.failed();
      error.value = String(err);
    } finally {
      busy.value = false;
    }
  };

  const setPlan = (k: Kind, v: string) => {
    const n = Math.max(0, Math.min(1000, Math.trunc(Number(v) || 0)));
    const next = { ...plan.value };
    if (n > 0) next[k] = n;
    else delete next[k];
    plan.value = next;
  };
  const setProblems = (list: Problem[]) => {
    problems.value = list;
  };
  const setProblem = (i: number, p: Problem) => setProblems(problems.value.map((q, j) => (j === i ? p : q)));

  const state = log?.state ?? "draft";
  const status = logStatus(log);
  const submitLabel = state === "approved" ? tr("amend") : state === "returned" ? tr("resubmit") : tr("submit");

  return (
    <>
      <FormGuard form={form} />
      {log && (
        <div data-testid="log-state" data-state={state}>
          {state === "returned" && (
            <div class="notice" role="status">
              <p>
                <strong>{tr("returned")}</strong>
              </p>
              <p data-testid="review-comment">{log.reviewComment}</p>
            </div>
          )}
          {status && (
            <p class={status === "approved" ? "notice notice--ok" : "muted"} data-testid="log-status" data-status={status}>
              {tr(`status.${status}`)}
            </p>
          )}
        </div>
      )}

      <section class="card" aria-labelledby="plan-title">
        <h2 id="plan-title">{tr("plan")}</h2>
        <p class="muted">{tr("planHint")}</p>
        <div class="grid2">
          {KINDS.map((k) => (
            <div class="field" key={k}>
              <label for={`plan-${k}`}>{label("kind", k)}</label>
              <input
                id={`plan-${k}`}
                type="number"
                inputMode="numeric"
                min="0"
                max="1000"
                value={plan.value[k] ?? ""}
                onInput={(e) => setPlan(k, e.currentTarget.value)}
              />
            </div>
          ))}
        </div>
        <Theirs form={form} part="plan" show={planText} />
      </section>

      <section class="card" aria-labelledby="done-title">
        <h2 id="done-title">{tr("done")}</h2>
        {dayActs.length === 0 && <p class="muted">{tr("noActs")}</p>}
        {KINDS.filter((k) => plan.value[k] || counts[k]).map((k) => (
          <Meter
            key={k}
            label={label("kind", k)}
            value={completion(plan.value[k], counts[k])}
            text={plan.value[k] ? tr("count", { done: counts[k], plan: plan.value[k]! }) : String(counts[k])}
          />
        ))}
        {dayActs.length > 0 && <DayActivities acts={dayActs} />}
      </section>

      <section class="card" aria-labelledby="problems-title">
        <h2 id="problems-title">{tr("problems")}</h2>
        <p class="muted">{tr("problemsHint")}</p>
        {problems.value.map((p, i) => (
          <fieldset class="problem" key={i}>
            <legend class="visually-hidden">{`${tr("problems")} ${i + 1}`}</legend>
            <div class="field">
              <label for={`problem-tag-${i}`}>{tr("tag")}</label>
              <select id={`problem-tag-${i}`} value={p.tag} onChange={(e) => setProblem(i, { ...p, tag: e.currentTarget.value as Tag })}>
                {TAGS.map((t) => (
                  <option key={t} value={t}>
                    {label("tag", t)}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for={`problem-text-${i}`}>{tr("problemText")}</label>
              <textarea
                id={`problem-text-${i}`}
                rows={2}
                maxLength={2000}
                value={p.text}
                onInput={(e) => setProblem(i, { ...p, text: e.currentTarget.value })}
              />
            </div>
            <button
              type="button"
              class="btn btn--danger-quiet"
              onClick={() => setProblems(problems.value.filter((_, j) => j !== i))}
            >
              {tr("removeProblem")}
            </button>
          </fieldset>
        ))}
        <Theirs form={form} part="problems" show={problemsText} />
        {problems.value.length < 50 && (
          <button
            type="button"
            class="btn btn--secondary"
            data-testid="add-problem"
            onClick={() => setProblems([...problems.value, { tag: "other", text: "" }])}
          >
            {tr("addProblem")}
          </button>
        )}
      </section>

      <section class="card" aria-labelledby="summary-title">
        <h2 id="summary-title">
          <label for="log-summary">{tr("summary")}</label>
        </h2>
        <textarea
          id="log-summary"
          rows={4}
          maxLength={MAX_TEXT}
          value={summary.value}
          onInput={(e) => {
            summary.value = e.currentTarget.value;
          }}
        />
        <Theirs form={form} part="summary" />
      </section>

      <div class="row sticky-actions">
        <button type="button" class="btn btn--secondary" disabled={busy.value} onClick={() => void save(false)} data-testid="log-save">
          {tr("save")}
        </button>
        <button type="button" class="btn btn--primary" disabled={busy.value} onClick={() => void save(true)} data-testid="log-submit">
          {submitLabel}
        </button>
      </div>
      <p class={error.value ? "error" : "muted"} role="status" aria-live="polite" data-testid="log-message" data-status={acted.value && !error.value ? (status ?? "") : ""}>
        {error.value || (acted.value && status ? tr(`status.${status}`) : "")}
      </p>

      {canDelete(log) && <DeleteLog log={log!} />}
    </>
  );
}

/** Up to this many activities are listed open; a busier day's list opens with a tap. */
const OPEN_UP_TO = 8;

/** The day's activities at their times in the team's zone, earliest first; a tap opens one to correct it. */
function DayActivities({ acts }: { acts: readonly Activity[] }) {
  const editing = useSignal<string | null>(null);
  const open = acts.find((a) => a.id === editing.value);
  const customers = useCollection("customers");
  const prospects = useCollection("prospects");
  const nameOf = (a: Activity): string => {
    const r = a.customerId ? customers.get(a.customerId) : a.prospectId ? prospects.get(a.prospectId) : undefined;
    const name = r?.fields["name"];
    return typeof name === "string" ? name : "";
  };
  return (
    <details class="log-acts" open={acts.length <= OPEN_UP_TO}>
      <summary>
        {tr("dayActs")} <span class="count">{acts.length}</span>
      </summary>
      <ol class="list" data-testid="log-activities">
        {acts.map((a) => {
          const who = nameOf(a);
          return (
            <li
              key={a.id}
              class="list__item log-acts__item activity--opens"
              data-testid="log-activity"
              data-id={a.id}
              data-kind={a.kind ?? ""}
              onClick={() => (editing.value = a.id)}
            >
              <time class="log-acts__time" dateTime={a.occurredAt} data-testid="activity-time">
                {formatClock(a.at)}
              </time>
              <span class="list__title">{label("kind", a.kind)}</span>
              {who && <span class="muted">{tr("with", { name: who })}</span>}
              {a.pending && <span class="chip chip--warn">{tr("unsent")}</span>}
              <button type="button" class="btn btn--quiet log-acts__open" data-testid="log-activity-open">
                {a.voided ? tr("view") : tr("edit")}
              </button>
            </li>
          );
        })}
      </ol>
      {open && <ActivitySheet activity={open} onClose={() => (editing.value = null)} />}
    </details>
  );
}
