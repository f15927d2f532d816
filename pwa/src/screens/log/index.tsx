// The work log (工作日志): one per day. `#/log` lists the recent days with
// their state; `#/log/<date>` is the day's log: the plan, what the day's
// activities came to against it, the problems met (tagged), a summary, and
// submitting it for review. A returned log shows the supervisor's comment;
// changing an approved log sends it back to the queue as amended.

import { useSignal } from "@preact/signals";
import { useMemo } from "preact/hooks";
import {
  activityOf,
  addDays,
  completion,
  countKinds,
  dayLogOf,
  KINDS,
  MAX_TEXT,
  myId,
  records,
  TAGS,
  today,
  useCollection,
  useList,
  useLoaded,
  type DayLog,
  type Kind,
  type Problem,
  type Tag,
} from "../../data";
import { label } from "../../data/labels";
import { formatDay, messages } from "../../i18n";
import { href } from "../../router";
import { nameUUID, type Fields } from "../../sync";
import { Meter } from "../../ui/Meter";
import { FormGuard, Theirs } from "../../ui/FormGuard";
import { changedLogFields, type LogDraft } from "./draft";
import { planText, problemsText, useLogForm } from "./useLogForm";

const tr = messages(
  {
    title: "工作日志",
    recent: "最近的日志",
    none: "没有日志",
    open: "打开",
    prev: "前一天",
    next: "后一天",
    plan: "今日计划",
    planHint: "每类活动打算做几次。",
    done: "完成情况",
    noActs: "这一天没有记录活动。",
    problems: "遇到的问题",
    problemsHint: "每个问题选一个标签，写下具体情况，例如：客户问理赔难不难，我答不上来。",
    addProblem: "添加问题",
    removeProblem: "删除这个问题",
    tag: "标签",
    problemText: "情况",
    summary: "今日总结",
    save: "保存",
    submit: "提交审核",
    resubmit: "修改后重新提交",
    amend: "修改并重新提交",
    saved: "已保存，联网时自动同步。",
    submitted: "已提交，等待主管审核。",
    returned: "主管退回了这份日志：",
    approvedNote: "这份日志已通过审核。再修改会重新进入审核队列（标为修改过）。",
    submittedNote: "已提交，等待主管审核。仍可修改。",
    amendedNote: "修改过，等待重新审核。",
    pendingNote: "有未发送的修改。",
    count: "{done} / {plan}",
  },
  {
    title: "Work log",
    recent: "Recent logs",
    none: "No log",
    open: "Open",
    prev: "Previous day",
    next: "Next day",
    plan: "The day's plan",
    planHint: "How many of each activity you mean to do.",
    done: "Done",
    noActs: "No activities recorded this day.",
    problems: "Problems met",
    problemsHint: "Tag each problem and say what happened, e.g. the client asked whether claims are hard and I could not answer.",
    addProblem: "Add a problem",
    removeProblem: "Remove this problem",
    tag: "Tag",
    problemText: "What happened",
    summary: "Summary of the day",
    save: "Save",
    submit: "Submit for review",
    resubmit: "Resubmit",
    amend: "Amend and resubmit",
    saved: "Saved; it syncs when the network is there.",
    submitted: "Submitted; waiting for your supervisor.",
    returned: "Your supervisor returned this log:",
    approvedNote: "This log is approved. Changing it sends it back to the review queue, marked amended.",
    submittedNote: "Submitted, waiting for review. You can still change it.",
    amendedNote: "Amended; waiting for review again.",
    pendingNote: "Some changes are not sent yet.",
    count: "{done} / {plan}",
  },
);

export default function LogScreen({ params }: { params: string[] }) {
  const date = params[0];
  if (date && /^\d{4}-\d{2}-\d{2}$/.test(date)) return <DayLogScreen date={date} />;
  return <RecentLogs />;
}

/** The last two weeks, today first, with each day's state. */
function RecentLogs() {
  const logs = useList("day_logs", dayLogOf);
  const byDate = useMemo(() => new Map(logs.map((l) => [l.date, l])), [logs]);
  const days = Array.from({ length: 14 }, (_, i) => addDays(today(), -i));
  return (
    <main class="page">
      <h1>{tr("title")}</h1>
      <section class="card" aria-labelledby="recent-title">
        <h2 id="recent-title">{tr("recent")}</h2>
        {days.map((d) => {
          const l = byDate.get(d);
          return (
            <a key={d} class="row-link" href={href("log", d)} data-testid="log-day" data-date={d}>
              <span class="row-link__main">
                <span class="row-link__title">{formatDay(d)}</span>
              </span>
              <StateChip log={l} />
            </a>
          );
        })}
      </section>
    </main>
  );
}

function StateChip({ log }: { log: DayLog | undefined }) {
  if (!log) return <span class="muted">{tr("none")}</span>;
  const tone = { draft: "", submitted: " chip--warn", approved: " chip--ok", returned: " chip--bad" }[log.state];
  return <span class={`chip${tone}`}>{label("state", log.state)}</span>;
}

function DayLogScreen({ date }: { date: string }) {
  const logs = useCollection("day_logs");
  const loaded = useLoaded("day_logs");
  const log = useMemo(() => {
    for (const r of logs.values()) if (r.fields["date"] === date) return dayLogOf(r);
    return null;
  }, [logs, date]);
  return (
    <main class="page">
      <div class="page-head">
        <a class="btn btn--quiet" href={href("log", addDays(date, -1))} aria-label={tr("prev")}>
          ‹
        </a>
        <h1>
          {tr("title")} <span class="count">{formatDay(date)}</span>
        </h1>
        <a class="btn btn--quiet" href={href("log", addDays(date, 1))} aria-label={tr("next")}>
          ›
        </a>
      </div>
      {/* The form starts from the stored log once it is read, and again for another day. */}
      {loaded && <LogForm key={date} date={date} log={log} />}
    </main>
  );
}

function LogForm({ date, log }: { date: string; log: DayLog | null }) {
  const acts = useList("activities", activityOf);
  const dayActs = useMemo(() => acts.filter((a) => a.day === date && !a.voided), [acts, date]);
  const counts = useMemo(() => countKinds(dayActs), [dayActs]);
  // A newer version of the log (the other phone, another tab, the
  // supervisor's review) is merged into what the agent types, never over it.
  const { form, plan, problems, summary, base } = useLogForm(date, log);
  const message = useSignal("");
  const busy = useSignal(false);

  const save = async (submit: boolean) => {
    if (busy.value) return;
    const draft: LogDraft = { plan: plan.value, problems: problems.value, summary: summary.value };
    const fields: Fields = changedLogFields(base, draft);
    if (!log) {
      fields["date"] = date;
      if (!submit) fields["state"] = "draft";
    }
    // An approved log goes back to the queue by itself when it changes; a
    // draft or returned one is sent for review by setting its state.
    if (submit && log?.state !== "approved") fields["state"] = "submitted";
    if (Object.keys(fields).length === 0) {
      form.saved();
      message.value = tr("saved");
      return;
    }
    busy.value = true;
    form.saving();
    try {
      const id = log?.id ?? (await nameUUID(myId(), date));
      await records().put("day_logs", id, fields);
      form.saved();
      message.value = submit ? tr("submitted") : tr("saved");
    } catch (err) {
      form.failed();
      message.value = String(err);
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
          {state === "approved" && <p class="chip chip--ok">{tr("approvedNote")}</p>}
          {state === "submitted" && <p class="muted">{log.amended ? tr("amendedNote") : tr("submittedNote")}</p>}
          {log.pending && <p class="muted">{tr("pendingNote")}</p>}
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
        <Theirs form={form} part="problems" show={problemsText} />
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
      <p class="muted" role="status" aria-live="polite" data-testid="log-message">
        {message.value}
      </p>
    </>
  );
}
