// A team's scoring rules (docs/scoring.md), read from the server and PUT back
// whole: the weekly 100-point table with a live check that the weights sum
// to 100, the daily visit target, rest days, award amounts, the benchmark,
// the time zone, how meeting mode shows names, and how many months a Plan
// 100 name may go without activity (docs/api.md "Privacy"). A change applies
// from the current week on; weeks that have ended keep their rules.

import { useEffect, useState } from "preact/hooks";
import { label } from "../../data/labels";
import { KINDS, type Kind } from "../../data/model";
import { formatDay } from "../../i18n";
import { formatNumber } from "../../i18n/format";
import { useReconnects } from "../../replica";
import { href } from "../../router";
import { Field } from "../../ui/Field";
import { TimeZoneField } from "./Controls";
import { putTeam, teams } from "./directory";
import { describedBy, FieldError, focusFirstThere, SaveStatus } from "./FieldError";
import { kept, useKept } from "./kept";
import { tr } from "./messages";
import { refusalProblem, type Problem } from "./problems";
import { useRetryWhile } from "./reconnect";
import { attempt, getSettings, putSettings, renameTeam } from "./requests";
import {
  AWARDS,
  checkSettings,
  MEETING_NAMES,
  pointsEach,
  settingsChanged,
  settingsForm,
  settingsJSON,
  untargeted,
  validateSettings,
  weekStart,
  weightSum,
  WEEKDAYS,
  type AwardField,
  type MeetingNames,
  type SettingsField,
  type SettingsForm,
  type SettingsJSON,
  type WeightSum,
} from "./settings";
import { showTeamUsers } from "./UserList";
import { TEAM_NAME_MAX, type Team } from "./users";

interface Loaded {
  settings: SettingsJSON | null;
  loading: boolean;
  offline: boolean;
  error: string | null;
  notFound: boolean;
}

const READY = { loading: false, offline: false, error: null, notFound: false };

export function TeamPage({ id }: { id: string }) {
  const team = teams.value?.find((t) => t.id === id);
  const reconnects = useReconnects();
  const [loaded, setLoaded] = useState<Loaded>({ settings: null, ...READY, loading: true });
  const [asked, setAsked] = useState(0);

  useEffect(() => {
    let live = true;
    setLoaded((l) => ({ ...l, loading: true }));
    void attempt(() => getSettings(id)).then((out) => {
      if (!live) return;
      if (out.ok) setLoaded({ settings: out.value, ...READY });
      else if (out.offline) setLoaded((l) => ({ ...l, loading: false, offline: true }));
      else setLoaded((l) => ({ ...l, loading: false, offline: false, error: out.refusal.message, notFound: out.refusal.status === 404 }));
    });
    return () => {
      live = false;
    };
  }, [id, asked]);

  // Back online: read again what could not be read.
  useEffect(() => {
    if (reconnects > 0 && !loaded.settings) setAsked((n) => n + 1);
  }, [reconnects]);
  useRetryWhile(loaded.offline && !loaded.settings, () => setAsked((n) => n + 1));

  return (
    <>
      <a class="admin-back" href={href("admin", "teams")}>
        {tr("backTeams")}
      </a>
      <div class="page-head">
        <h1>{team?.name ?? tr("settings")}</h1>
        {team && (
          <button type="button" class="btn btn--quiet" onClick={() => showTeamUsers(id)}>
            {tr("teamUsers")}
          </button>
        )}
      </div>
      {team && <RenameTeam key={team.id} team={team} />}
      {loaded.settings ? (
        <SettingsEditor teamId={id} original={loaded.settings} onSaved={(s) => setLoaded({ settings: s, ...READY })} />
      ) : loaded.loading ? (
        <p class="muted" aria-busy="true">
          {tr("loading")}
        </p>
      ) : (
        <div class="card" role="alert">
          <p class={loaded.offline ? "" : "error"}>
            {loaded.offline ? tr("offlineLoad") : loaded.notFound ? tr("noSuchTeam") : tr("loadFailed", { message: loaded.error ?? "" })}
          </p>
          <button type="button" class="btn btn--secondary" onClick={() => setAsked((n) => n + 1)}>
            {tr("retry")}
          </button>
        </div>
      )}
    </>
  );
}

/** Renames the team: a button that opens a name field, saved on the server (PATCH /api/admin/teams/{id}). */
function RenameTeam({ team }: { team: Team }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState(team.name);
  const [status, setStatus] = useState({ text: "", bad: false });
  const [busy, setBusy] = useState(false);
  const id = "admin-team-rename";
  const save = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const typed = name.trim();
    if (!typed || [...typed].length > TEAM_NAME_MAX) {
      setStatus({ text: tr("teamNameRequired"), bad: true });
      return;
    }
    setBusy(true);
    setStatus({ text: tr("saving"), bad: false });
    const out = await attempt(() => renameTeam(team.id, typed));
    setBusy(false);
    if (out.ok) {
      putTeam(out.value);
      setOpen(false);
      setStatus({ text: tr("renamed", { name: out.value.name }), bad: false });
    } else {
      setStatus({ text: out.offline ? tr("notSavedOffline") : tr("notSaved", { message: out.refusal.message }), bad: true });
    }
  };
  return (
    <div class="card admin-rename" data-testid="team-rename">
      {open ? (
        <form class="form" onSubmit={(e) => void save(e)}>
          <Field id={id} label={tr("renameLabel")}>
            <input id={id} value={name} maxLength={TEAM_NAME_MAX} autoComplete="off" data-testid="team-rename-name" onInput={(e) => setName(e.currentTarget.value)} />
          </Field>
          <div class="row">
            <button type="submit" class="btn btn--primary" disabled={busy} data-testid="team-rename-save">
              {busy ? tr("saving") : tr("renameSave")}
            </button>
            <button type="button" class="btn btn--secondary" disabled={busy} onClick={() => setOpen(false)}>
              {tr("cancel")}
            </button>
          </div>
        </form>
      ) : (
        <button type="button" class="btn btn--quiet" data-testid="team-rename-open" onClick={() => (setName(team.name), setOpen(true), setStatus({ text: "", bad: false }))}>
          {tr("rename")}
        </button>
      )}
      {status.text && (
        <p class={status.bad ? "error" : "muted"} role="status" data-testid="team-rename-status">
          {status.text}
        </p>
      )}
    </div>
  );
}

/** The form as kept while unsaved: its values and whether the time zone is typed in. */
interface Draft {
  form: SettingsForm;
  tzOther: boolean;
}

const fieldId = (f: SettingsField) => `admin-s-${f}`;

/** The fields in the form's order, to focus the first with a problem. */
const ORDER: SettingsField[] = [
  ...KINDS.flatMap((k) => [`weight-${k}`, `target-${k}`] as const),
  "dailyVisitTarget",
  ...AWARDS.map(([f]) => f),
  "visitsPerDay",
  "closeRate",
  "timeZone",
  "prospectMonths",
];

function SettingsEditor({ teamId, original, onSaved }: { teamId: string; original: SettingsJSON; onSaved: (s: SettingsJSON) => void }) {
  const key = `settings:${teamId}`;
  const [draft, setDraft, forget] = useKept<Draft>(key, () => ({ form: settingsForm(original), tzOther: false }));
  const [base, setBase] = useState(original);
  const [problems, setProblems] = useState<Partial<Record<SettingsField, Problem>>>({});
  const [status, setStatus] = useState({ text: "", bad: false });
  const [busy, setBusy] = useState(false);
  const form = draft.form;

  // The server's settings were read again while the form is untouched: show them.
  useEffect(() => {
    if (original === base) return;
    if (!kept(key) || !settingsChanged(form, base)) {
      setDraft({ form: settingsForm(original), tzOther: false });
      forget();
    }
    setBase(original);
  }, [original]);

  const set = (change: Partial<SettingsForm>, tzOther = draft.tzOther) => {
    const next = { ...form, ...change };
    setDraft({ form: next, tzOther });
    setStatus({ text: "", bad: false });
    if (Object.keys(problems).length > 0) {
      const c = checkSettings(next);
      setProblems(c.ok ? {} : c.problems);
    }
  };

  const sum = weightSum(form);
  const changed = settingsChanged(form, base);
  // The week the change falls in, in the zone typed (the server's, while the typed one is unknown here).
  const savedZone = typeof base["time_zone"] === "string" ? base["time_zone"] : "";
  const monday = weekStart(new Date(), form.timeZone.trim()) ?? weekStart(new Date(), savedZone);
  const from = monday ? formatDay(monday) : null;

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const c = checkSettings(form);
    if (!c.ok) {
      setProblems(c.problems);
      setStatus({ text: c.sum.ok ? tr("fix") : tr("saveBlocked"), bad: true });
      focusFirstThere(ORDER.filter((f) => c.problems[f]).flatMap((f) => (f === "timeZone" ? [`${fieldId(f)}-name`, fieldId(f)] : [fieldId(f)])));
      return;
    }
    setProblems({});
    if (!changed) {
      setStatus({ text: tr("unchanged"), bad: false });
      return;
    }
    const body = settingsJSON(c.values, base);
    const invalid = validateSettings(body);
    if (invalid) {
      setStatus({ text: tr("notSaved", { message: invalid }), bad: true });
      return;
    }
    setBusy(true);
    setStatus({ text: tr("saving"), bad: false });
    const out = await attempt(() => putSettings(teamId, body));
    setBusy(false);
    if (out.ok) {
      const saved = out.value;
      setBase(saved);
      setDraft({ form: settingsForm(saved), tzOther: false });
      forget();
      onSaved(saved);
      const team = teams.peek()?.find((t) => t.id === teamId);
      if (team && typeof saved["time_zone"] === "string") putTeam({ ...team, time_zone: saved["time_zone"] });
      const savedFrom = weekStart(new Date(), c.values.timeZone);
      setStatus({ text: savedFrom ? tr("settingsSaved", { date: formatDay(savedFrom) }) : tr("settingsSavedNow"), bad: false });
      return;
    }
    if (out.offline) {
      setStatus({ text: tr("notSavedOffline"), bad: true });
      return;
    }
    const zone = /^time_zone\b/.test(out.refusal.message);
    if (zone) {
      setProblems({ timeZone: refusalProblem(out.refusal) });
      focusFirstThere([`${fieldId("timeZone")}-name`, fieldId("timeZone")]);
    }
    setStatus({ text: zone ? tr("notSavedField") : tr("notSaved", { message: out.refusal.message }), bad: true });
  };

  const p = problems;
  return (
    <form class="form admin-settings" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="admin-settings-title" data-testid="settings-form">
      <h2 id="admin-settings-title" class="visually-hidden">
        {tr("settings")}
      </h2>
      <p class="notice" data-testid="settings-applies">
        {from ? tr("appliesFrom", { date: from }) : tr("appliesNow")}
      </p>
      <WeeklyTable form={form} sum={sum} problems={p} set={set} />

      <fieldset class="card admin-fieldset">
        <legend>{tr("daily")}</legend>
        <NumberField field="dailyVisitTarget" label={tr("dailyVisitTarget")} value={form.dailyVisitTarget} whole problem={p.dailyVisitTarget} hint={tr("dailyHint")} onInput={(v) => set({ dailyVisitTarget: v })} />
        <fieldset class="admin-subset" aria-describedby="admin-rest-hint">
          <legend>{tr("restDays")}</legend>
          <p class="muted admin-hint" id="admin-rest-hint">
            {tr("restHint")}
          </p>
          <div class="admin-days">
            {WEEKDAYS.map((d) => (
              <label key={d} class="check">
                <input
                  type="checkbox"
                  checked={form.restDays.includes(d)}
                  data-testid={`rest-${d}`}
                  onChange={(e) =>
                    set({ restDays: e.currentTarget.checked ? [...form.restDays, d] : form.restDays.filter((x) => x !== d) })
                  }
                />
                {tr(d)}
              </label>
            ))}
          </div>
        </fieldset>
      </fieldset>

      <fieldset class="card admin-fieldset">
        <legend>{tr("awards")}</legend>
        <div class="admin-grid">
          {AWARDS.map(([field, name]) => (
            <NumberField
              key={field}
              field={field}
              label={label("award", name)}
              value={form[field]}
              whole
              problem={p[field]}
              onInput={(v) => set({ [field]: v } as Pick<SettingsForm, AwardField>)}
            />
          ))}
        </div>
      </fieldset>

      <fieldset class="card admin-fieldset">
        <legend>{tr("benchmark")}</legend>
        <div class="admin-grid">
          <NumberField field="visitsPerDay" label={tr("visitsPerDay")} value={form.visitsPerDay} problem={p.visitsPerDay} onInput={(v) => set({ visitsPerDay: v })} />
          <NumberField field="closeRate" label={tr("closeRate")} value={form.closeRate} problem={p.closeRate} onInput={(v) => set({ closeRate: v })} />
        </div>
      </fieldset>

      <div class="card">
        <h3 class="admin-h3">{tr("timeZone")}</h3>
        <TimeZoneField
          id={fieldId("timeZone")}
          value={form.timeZone}
          other={draft.tzOther}
          label={tr("teamTimeZone")}
          hint="admin-tz-hint"
          problem={p.timeZone}
          testid="settings-tz"
          onChange={(timeZone, other) => set({ timeZone }, other)}
        />
        <p class="muted admin-hint" id="admin-tz-hint">
          {tr("tzHint")}
        </p>
      </div>

      <fieldset class="card admin-fieldset" data-testid="settings-meeting">
        <legend>{tr("meeting")}</legend>
        {MEETING_NAMES.map((m) => (
          <label key={m} class="check">
            <input
              type="radio"
              name="admin-meeting-names"
              value={m}
              checked={form.meetingNames === m}
              data-testid={`meeting-${m}`}
              onChange={() => set({ meetingNames: m })}
            />
            {tr(MEETING_LABEL[m])}
          </label>
        ))}
      </fieldset>

      <fieldset class="card admin-fieldset" data-testid="settings-retention">
        <legend>{tr("retention")}</legend>
        <NumberField
          field="prospectMonths"
          label={tr("prospectMonths")}
          value={form.prospectMonths}
          whole
          problem={p.prospectMonths}
          hint={tr("retentionHint")}
          onInput={(v) => set({ prospectMonths: v })}
        />
      </fieldset>

      <div class="sticky-actions admin-actions">
        <SaveStatus status={status} testid="settings-status" />
        {!sum.ok && !status.text && <p class="muted">{tr("saveBlocked")}</p>}
        {changed && !status.text && sum.ok && <p class="muted">{tr("changedHere")}</p>}
        <div class="row">
          <button type="submit" class="btn btn--primary" disabled={busy || !sum.ok} data-testid="settings-save">
            {busy ? tr("saving") : tr("saveSettings")}
          </button>
          {changed && (
            <button
              type="button"
              class="btn btn--secondary"
              disabled={busy}
              onClick={() => {
                setDraft({ form: settingsForm(base), tzOther: false });
                forget();
                setProblems({});
                setStatus({ text: "", bad: false });
              }}
            >
              {tr("discard")}
            </button>
          )}
        </div>
      </div>
    </form>
  );
}

const MEETING_LABEL: Record<MeetingNames, "meetingShow" | "meetingHide" | "meetingNeighbours"> = {
  show: "meetingShow",
  hide: "meetingHide",
  neighbours: "meetingNeighbours",
};

function WeeklyTable({
  form,
  sum,
  problems,
  set,
}: {
  form: SettingsForm;
  sum: WeightSum;
  problems: Partial<Record<SettingsField, Problem>>;
  set: (change: Partial<SettingsForm>) => void;
}) {
  const setCell = (which: "weights" | "targets", kind: Kind, value: string) => set({ [which]: { ...form[which], [kind]: value } });
  const left = untargeted(form);
  const sumText = sum.ok
    ? tr("sumOk")
    : sum.unreadable
      ? tr("sumUnreadable", { sum: formatNumber(sum.sum, 3) })
      : sum.missing > 0
        ? tr("sumMissing", { sum: formatNumber(sum.sum, 3), missing: formatNumber(sum.missing, 3) })
        : tr("sumOver", { sum: formatNumber(sum.sum, 3), over: formatNumber(sum.over, 3) });
  return (
    <fieldset class="card admin-fieldset" aria-describedby="admin-table-hint">
      <legend>{tr("table")}</legend>
      <p class="muted admin-hint" id="admin-table-hint">
        {tr("tableHint")}
      </p>
      <table class="table admin-weights">
        <thead>
          <tr>
            <th scope="col">{tr("colKind")}</th>
            <th scope="col">{tr("colWeight")}</th>
            <th scope="col">{tr("colTarget")}</th>
            <th scope="col" class="num">
              {tr("colPoints")}
            </th>
          </tr>
        </thead>
        <tbody>
          {KINDS.map((k) => {
            const points = pointsEach(form, k);
            const wid = fieldId(`weight-${k}`);
            const tid = fieldId(`target-${k}`);
            const wp = problems[`weight-${k}`];
            const tp = problems[`target-${k}`];
            return (
              <tr key={k}>
                <th scope="row">{label("kind", k)}</th>
                <td>
                  <input
                    id={wid}
                    inputMode="decimal"
                    autoComplete="off"
                    placeholder="0"
                    aria-label={`${label("kind", k)} · ${tr("colWeight")}`}
                    value={form.weights[k]}
                    data-testid={`weight-${k}`}
                    onInput={(e) => setCell("weights", k, e.currentTarget.value)}
                    {...describedBy(wid, wp)}
                  />
                  <FieldError id={wid} problem={wp} />
                </td>
                <td>
                  <input
                    id={tid}
                    inputMode="numeric"
                    autoComplete="off"
                    placeholder="0"
                    aria-label={`${label("kind", k)} · ${tr("colTarget")}`}
                    value={form.targets[k]}
                    data-testid={`target-${k}`}
                    onInput={(e) => setCell("targets", k, e.currentTarget.value)}
                    {...describedBy(tid, tp)}
                  />
                  <FieldError id={tid} problem={tp} />
                </td>
                <td class="num">{points === null ? "—" : tr("points", { n: formatNumber(points, 2) })}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p
        class={`admin-sum ${sum.ok ? "admin-sum--ok" : "admin-sum--bad"}`}
        role="status"
        aria-live="polite"
        data-testid="weights-sum"
        data-sum={String(sum.sum)}
        data-ok={sum.ok ? "true" : "false"}
      >
        {sumText}
      </p>
      {left.length > 0 && <p class="notice">{tr("untargeted", { kinds: left.map((k) => label("kind", k)).join("、") })}</p>}
    </fieldset>
  );
}

function NumberField(props: {
  field: SettingsField;
  label: string;
  value: string;
  whole?: boolean;
  problem: Problem | undefined;
  hint?: string;
  onInput: (v: string) => void;
}) {
  const id = fieldId(props.field);
  const hint = props.hint ? `${id}-hint` : undefined;
  return (
    <Field id={id} label={props.label}>
      <input
        id={id}
        inputMode={props.whole ? "numeric" : "decimal"}
        autoComplete="off"
        value={props.value}
        data-testid={`settings-${props.field}`}
        onInput={(e) => props.onInput(e.currentTarget.value)}
        {...describedBy(id, props.problem, hint)}
      />
      {props.hint && (
        <p class="muted admin-hint" id={hint}>
          {props.hint}
        </p>
      )}
      <FieldError id={id} problem={props.problem} />
    </Field>
  );
}
