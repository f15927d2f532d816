// 目标计算器 — from an income target to the premium, deals, visits and
// working days it takes (docs/scoring.md), whether Plan 100 holds enough open
// names for those visits, and "set as this month's goal". The server
// calculates when it can be reached (it knows the agent's history); this
// phone runs the same formula on its own records when it cannot.

import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { isOpen, myId, prospectOf, records, scoreOf, teamToday, useCollection, useList } from "../../data";
import { formatYuan } from "../../i18n";
import { formatMonth, formatNumber, formatPercent } from "../../i18n/format";
import { getJSON } from "../../remote";
import { syncState } from "../../replica";
import { href } from "../../router";
import { newUUID, OfflineError } from "../../sync";
import {
  ASSUMPTIONS,
  DEFAULT_INCOME,
  LIMITS,
  goalChange,
  goalPath,
  localGoal,
  monthGoal,
  parseGoalAnswer,
  readForm,
  trailingRates,
  type AssumptionName,
  type Assumptions,
  type FormError,
  type FormField,
  type GoalForm,
  type GoalResult,
} from "./goal";
import { tr } from "./messages";

/** The server's result, or what to work out on this phone. */
type Answer = { server: GoalResult; local?: undefined } | { server?: undefined; local: { income: number; given: Partial<Assumptions> } };

const FIELDS: readonly FormField[] = ["income", ...ASSUMPTIONS];
const EMPTY_FORM: GoalForm = { income: String(DEFAULT_INCOME), commissionRate: "", avgPremium: "", closeRate: "", visitsPerDay: "" };

/** An assumption as the form writes it: percentages in percent. */
function formValue(name: AssumptionName, a: Assumptions): string {
  const v = a[name];
  return formatNumber(name === "commissionRate" || name === "closeRate" ? v * 100 : v, 2);
}

function errorText(field: FormField, e: FormError): string {
  const { min, max } = LIMITS[field];
  return e === "range" ? tr("error.range", { min: formatNumber(min), max: formatNumber(max) }) : tr(`error.${e}`);
}

export default function GoalScreen() {
  const [form, setForm] = useState<GoalForm>(EMPTY_FORM);
  const [errors, setErrors] = useState<Partial<Record<FormField, FormError>>>({});
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [stale, setStale] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const me = myId();
  const month = teamToday().slice(0, 7);
  const prospects = useList("prospects", prospectOf);
  const scores = useList("scores", scoreOf);
  const goals = useCollection("goals");
  const open = prospects.filter(isOpen).length;
  // A result worked out here follows the records as they load and change.
  const result = useMemo(
    () =>
      answer?.local
        ? localGoal(answer.local.income, answer.local.given, trailingRates(scores, me, month), open)
        : (answer?.server ?? null),
    [answer, scores, open],
  );

  const calculate = async () => {
    const check = readForm(form);
    if (!check.ok) {
      setErrors(check.errors);
      const first = FIELDS.find((f) => check.errors[f]);
      formRef.current?.querySelector<HTMLInputElement>(`#goal-${first}`)?.focus();
      return;
    }
    setErrors({});
    setFailure(null);
    setBusy(true);
    try {
      // Known to be offline: answer at once rather than wait for a request to time out.
      if (syncState.value?.online === false) throw new OfflineError();
      const r = parseGoalAnswer(await getJSON(goalPath(check.income, check.given)), check.income);
      if (!r) throw new Error("malformed answer");
      setAnswer({ server: r });
    } catch (err) {
      if (err instanceof OfflineError) setAnswer({ local: { income: check.income, given: check.given } });
      else setFailure(tr("error.server", { message: err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(false);
      setStale(false);
    }
  };

  // The guide's example (or the agent's history) on arrival.
  useEffect(() => void calculate(), []);

  const edit = (field: FormField, value: string) => {
    setForm((f) => ({ ...f, [field]: value }));
    if (result) setStale(true);
  };

  return (
    <main class="page">
      <div class="page-head">
        <h1>{tr("title")}</h1>
      </div>
      <p class="muted">{tr("intro")}</p>
      <CurrentGoal month={month} goal={monthGoal([...goals.values()], me, month)?.fields ?? null} />
      <form
        ref={formRef}
        class="card form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void calculate();
        }}
      >
        <NumberField field="income" label={tr("income")} value={form.income} error={errors.income} onInput={edit} />
        <fieldset class="goal-assumptions">
          <legend>{tr("assumptions")}</legend>
          <p class="muted goal-hint" id="goal-assumptions-hint">
            {tr("assumptionsHint")}
          </p>
          {ASSUMPTIONS.map((name) => (
            <NumberField
              key={name}
              field={name}
              label={tr(name)}
              value={form[name]}
              error={errors[name]}
              placeholder={result ? formValue(name, result.assumptions) : undefined}
              hint="goal-assumptions-hint"
              onInput={edit}
            />
          ))}
        </fieldset>
        <button type="submit" class="btn btn--primary btn--block" disabled={busy} data-testid="goal-calculate">
          {busy ? tr("calculating") : tr("calculate")}
        </button>
      </form>
      {failure && (
        <p class="error" role="alert">
          {failure}
        </p>
      )}
      {result && <Result result={result} stale={stale} month={month} />}
    </main>
  );
}

function NumberField(props: {
  field: FormField;
  label: string;
  value: string;
  error: FormError | undefined;
  placeholder?: string | undefined;
  hint?: string;
  onInput: (field: FormField, value: string) => void;
}) {
  const id = `goal-${props.field}`;
  const described = [props.hint, props.error && `${id}-error`].filter(Boolean).join(" ");
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.field}
        inputMode="decimal"
        autoComplete="off"
        data-testid={id}
        value={props.value}
        placeholder={props.placeholder}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={described || undefined}
        onInput={(e) => props.onInput(props.field, e.currentTarget.value)}
      />
      {props.error && (
        <p class="error" id={`${id}-error`}>
          {errorText(props.field, props.error)}
        </p>
      )}
    </div>
  );
}

function CurrentGoal({ month, goal }: { month: string; goal: Record<string, unknown> | null }) {
  const targets = (goal?.["targets"] ?? {}) as Record<string, unknown>;
  const n = (v: unknown) => (typeof v === "number" ? formatNumber(v, 0) : "—");
  const income = goal?.["income_target"];
  return (
    <p class="card" data-testid="goal-current">
      {goal
        ? tr("current", {
            month: formatMonth(month),
            income: typeof income === "number" ? formatYuan(income) : "—",
            deals: n(targets["deal"]),
            visits: n(targets["visit"]),
          })
        : tr("currentNone", { month: formatMonth(month) })}
    </p>
  );
}

function Result({ result, stale, month }: { result: GoalResult; stale: boolean; month: string }) {
  const a = result.assumptions;
  return (
    <section class="card" aria-labelledby="goal-result" data-testid="goal-result" data-local={result.local ? "true" : "false"}>
      <h2 id="goal-result">{tr("result")}</h2>
      {result.local && <p class="notice">{tr("local")}</p>}
      <dl class="facts goal-facts" aria-live="polite">
        <div>
          <dt>{tr("premium")}</dt>
          <dd class="facts__num" data-testid="goal-premium">
            {formatYuan(result.premium)}
          </dd>
        </div>
        <div>
          <dt>{tr("deals")}</dt>
          <dd class="facts__num" data-testid="goal-deals">
            {tr("dealsN", { n: result.deals })}
          </dd>
        </div>
        <div>
          <dt>{tr("visits")}</dt>
          <dd class="facts__num" data-testid="goal-visits">
            {tr("visitsN", { n: result.visits })}
          </dd>
        </div>
        <div>
          <dt>{tr("days")}</dt>
          <dd class="facts__num" data-testid="goal-days">
            {tr("daysN", { n: result.days })}
          </dd>
        </div>
      </dl>
      <p class="goal-chain">
        {tr("chain", {
          income: formatYuan(result.income),
          commission: formatPercent(a.commissionRate),
          premium: formatYuan(result.premium),
          avg: formatYuan(a.avgPremium),
          deals: result.deals,
          close: formatPercent(a.closeRate),
          visits: result.visits,
          perDay: formatNumber(a.visitsPerDay, 2),
          days: result.days,
        })}
      </p>
      <h3 class="goal-h3">{tr("used")}</h3>
      <ul class="goal-used" data-testid="goal-assumptions">
        {ASSUMPTIONS.map((name) => (
          <li key={name} data-source={result.sources[name]}>
            <span>{tr(name)}</span> <strong>{formValue(name, a)}</strong>{" "}
            <span class={`chip${result.sources[name] === "history" ? " chip--ok" : ""}`}>{tr(`source.${result.sources[name]}`)}</span>
          </li>
        ))}
      </ul>
      <ProspectCheck result={result} />
      {stale ? <p class="notice">{tr("stale")}</p> : <SaveGoal result={result} month={month} />}
    </section>
  );
}

function ProspectCheck({ result }: { result: GoalResult }) {
  if (result.enough) {
    return (
      <p class="goal-check goal-check--ok" data-testid="goal-prospects" data-enough="true">
        <span aria-hidden="true">✓ </span>
        {tr("enough", { open: result.openProspects, visits: result.visits })}
      </p>
    );
  }
  return (
    <div class="notice goal-check" role="alert" data-testid="goal-prospects" data-enough="false">
      <p>
        <strong aria-hidden="true">! </strong>
        {tr("notEnough", { open: result.openProspects, visits: result.visits, short: result.visits - result.openProspects })}
      </p>
      <a class="btn btn--secondary" href={href("plan")}>
        {tr("addNames")}
      </a>
    </div>
  );
}

function SaveGoal({ result, month }: { result: GoalResult; month: string }) {
  const goals = useCollection("goals");
  const [status, setStatus] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // A new result clears what was said about the last one.
  useEffect(() => setStatus(null), [result]);

  const save = async () => {
    const me = myId();
    const change = goalChange(monthGoal([...goals.values()], me, month), me, month, result, newUUID);
    if (!change) {
      setStatus(tr("unchanged"));
      return;
    }
    setSaving(true);
    try {
      await records().save([change]);
      setStatus(tr(syncState.value?.online ? "saved" : "savedPending", { month: formatMonth(month) }));
    } catch (err) {
      setStatus(tr("saveFailed", { message: err instanceof Error ? err.message : String(err) }));
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <button type="button" class="btn btn--primary btn--block" disabled={saving} onClick={() => void save()} data-testid="goal-save">
        {tr("save")}
      </button>
      <p class="muted" role="status" data-testid="goal-saved">
        {status ?? ""}
      </p>
    </>
  );
}
