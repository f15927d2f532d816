// A person's consent record (issue 11), shared by the customer file, the
// Plan 100 page and the sync screen's rejected changes: the state of each
// group of fields (given on a date by a method, withdrawn, none), the sheet
// that records a consent to one or several groups — offline like everything
// else, under the newest published privacy notice this phone has seen — or
// withdraws one, and the lock a form shows on the fields of a group without
// consent. Every recording is new consents records (never edited), saved in
// one transaction with what goes with it: a withdrawal clears the group's
// fields on this phone at once (the server clears them for every phone).

import { useSignal } from "@preact/signals";
import type { VNode } from "preact";
import { useMemo } from "preact/hooks";
import { teamZone } from "../api";
import { records, useCollection, useList } from "../data";
import {
  CONSENT_GROUPS,
  CONSENT_METHODS,
  consentChanges,
  consentOf,
  consentState,
  GUARDIAN_MAX,
  hasYoungChild,
  NOTICE_MAX,
  withdrawalClears,
  type ConsentAction,
  type ConsentGroup,
  type ConsentMethod,
  type ConsentNeed,
  type ConsentState,
  type GroupConsent,
  type Subject,
} from "../data/consents";
import { formatDateTime, formatDay, translator } from "../i18n";
import { useRemote } from "../remote";
import { newUUID, type Fields, type NewChange } from "../sync";
import { FUTURE_SLACK_MS } from "./activityDraft";
import { en } from "./Consent.en";
import { zhCN } from "./Consent.zh-CN";
import {
  asksGuardian,
  checkConsentDraft,
  consentInputOf,
  newConsentDraft,
  newestNotice,
  parseNotices,
  PROBLEM_FIELD,
  type ConsentContext,
  type ConsentDraft,
  type ConsentProblem,
  type Notice,
} from "./consentDraft";
import { FormActions } from "./FormActions";
import { Sheet } from "./Sheet";
import { TimeField } from "./TimeField";

const tr = translator({ "zh-CN": zhCN, en });

/** A group's name: 联系方式, 健康需求… */
export const groupName = (g: ConsentGroup): string => tr(`group.${g}` as const);
const fieldsText = (s: Subject, g: ConsentGroup): string => tr(`fields.${s}.${g}` as const);
const methodName = (m: ConsentMethod | null): string => (m ? tr(`method.${m}` as const) : "");

/** What a change needs before it may be saved, in words (the form says it when it refuses to save). */
export function consentNeedText(need: ConsentNeed): string {
  return need.groups.length > 0 ? tr("needConsent", { groups: need.groups.map(groupName).join(tr("and")) }) : tr("needGuardian");
}

/** A subject's consent state per group, from the consents on this phone; recomputed when they change. */
export function useConsentState(subject: Subject, id: string): ConsentState {
  const list = useList("consents", consentOf);
  return useMemo(() => consentState(list, subject, id), [list, subject, id]);
}

/**
 * The newest published privacy notice: the server's list when online, the
 * last one fetched when not (kept per user), null when none was ever fetched.
 */
function useNotice(): Notice | null {
  const r = useRemote("/api/privacy/notices", "privacy-notices", parseNotices);
  return newestNotice(r.value);
}

interface OpenSheet {
  action: ConsentAction;
  groups: ConsentGroup[];
  youngChild: boolean;
  onRecorded?: (() => void) | undefined;
}

/** A subject's consents as a screen uses them: the state, and the sheets that record. */
export interface ConsentController {
  subject: Subject;
  id: string;
  state: ConsentState;
  given(group: ConsentGroup): boolean;
  /** Opens the sheet that records consent to these groups (ticked at first); the family includes a child under 14 if youngChild or the record says so. */
  give(groups: readonly ConsentGroup[], opts?: { youngChild?: boolean; onRecorded?: () => void }): void;
  /** Opens the sheet that withdraws the consent to one group. */
  withdraw(group: ConsentGroup): void;
  /** The open sheet, for the screen to render; null when none is. */
  sheet: VNode | null;
}

export function useConsent(subject: Subject, id: string): ConsentController {
  const state = useConsentState(subject, id);
  const rec = useCollection(subject).get(id);
  const notice = useNotice();
  const open = useSignal<OpenSheet | null>(null);
  const o = open.value;
  const recordYoung = hasYoungChild(rec?.fields["children"]);
  return {
    subject,
    id,
    state,
    given: (g) => state[g].state === "given",
    give: (groups, opts = {}) => {
      open.value = { action: "given", groups: [...groups], youngChild: opts.youngChild === true || recordYoung, onRecorded: opts.onRecorded };
    },
    withdraw: (g) => {
      open.value = { action: "withdrawn", groups: [g], youngChild: false };
    },
    sheet: o ? (
      <ConsentSheet
        subject={subject}
        id={id}
        action={o.action}
        groups={o.groups}
        youngChild={o.youngChild}
        notice={notice}
        clears={(g) => (rec ? withdrawalClears(subject, g, rec.fields) : {})}
        onRecorded={o.onRecorded}
        onClose={() => (open.value = null)}
      />
    ) : null,
  };
}

function stateText(s: GroupConsent): string {
  const e = s.latest;
  if (!e || s.state === "none") return tr("none");
  const date = Number.isNaN(e.atMs) ? e.at : formatDateTime(e.atMs);
  if (s.state === "withdrawn") return tr("withdrawn", { date });
  const parts = [tr("given", { date, method: methodName(e.method) })];
  if (e.guardian) parts.push(tr("givenGuardian", { guardian: e.guardian }));
  if (e.noticeVersion) parts.push(tr("givenNotice", { version: e.noticeVersion }));
  return parts.join(tr("sep"));
}

/** The card of a customer file or a Plan 100 page: each group's state, withdrawing one, recording consent. */
export function ConsentSection({ c }: { c: ConsentController }) {
  return (
    <section class="card" aria-labelledby="consent-title" data-testid="consent-section">
      <h2 id="consent-title">{tr("title")}</h2>
      <p class="muted">{tr("intro")}</p>
      <ul class="list">
        {CONSENT_GROUPS.map((g) => {
          const s = c.state[g];
          return (
            <li key={g} class="list__item consent-row" data-testid="consent-row" data-group={g} data-state={s.state}>
              <div class="consent-row__text">
                <p class="list__title">
                  {groupName(g)} <span class="muted">{fieldsText(c.subject, g)}</span>
                </p>
                <p class={s.state === "given" ? "" : "muted"}>{stateText(s)}</p>
              </div>
              {s.state === "given" && (
                <button type="button" class="btn btn--danger-quiet" data-testid="consent-withdraw" data-group={g} onClick={() => c.withdraw(g)}>
                  {tr("withdraw")}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      <button type="button" class="btn btn--secondary" data-testid="consent-record" onClick={() => c.give([])}>
        {tr("record")}
      </button>
    </section>
  );
}

/**
 * The lock on a form's fields of a group without consent: the words, and a
 * tap that opens the consent sheet for that group. Nothing while consent is given.
 */
export function ConsentLock({ c, group, youngChild = false }: { c: ConsentController; group: ConsentGroup; youngChild?: boolean }) {
  if (c.given(group)) return null;
  return (
    <button
      type="button"
      class="btn btn--quiet consent-lock"
      data-testid="consent-lock"
      data-group={group}
      aria-label={tr("lockLabel", { group: groupName(group) })}
      onClick={() => c.give([group], { youngChild })}
    >
      {tr("lock")}
    </button>
  );
}

/** The family consent lacks the guardian a child under 14 needs: the words, and the way to record it. */
export function GuardianNeeded({ c }: { c: ConsentController }) {
  return (
    <div class="notice" role="status" data-testid="guardian-needed">
      <p>{tr("needGuardian")}</p>
      <button type="button" class="btn btn--secondary" onClick={() => c.give(["family"], { youngChild: true })} data-testid="guardian-record">
        {tr("recordGuardian")}
      </button>
    </div>
  );
}

/**
 * The sheet that records consent on its own, for a change refused for the
 * lack of it (the sync screen's rejected changes): the groups it needs
 * ticked, onRecorded sends the change again.
 */
export function GiveConsentSheet(props: {
  subject: Subject;
  id: string;
  groups: readonly ConsentGroup[];
  youngChild: boolean;
  onRecorded: () => void;
  onClose: () => void;
}) {
  const notice = useNotice();
  return <ConsentSheet {...props} action="given" notice={notice} clears={() => ({})} />;
}

const PROBLEM_TEXT: Record<ConsentProblem, Parameters<typeof tr>[0]> = {
  groups: "problem.groups",
  method: "problem.method",
  timeBad: "problem.timeBad",
  timeRange: "problem.timeRange",
  timeFuture: "problem.timeFuture",
  notice: "problem.notice",
  noticeLong: "problem.noticeLong",
  guardian: "problem.guardian",
  guardianLong: "problem.guardianLong",
};

/**
 * Recording a consent (to the groups ticked) or a withdrawal (of one group):
 * how and when, the notice shown, the guardian for a child's family. Saved
 * in one transaction; the sheet closes at once.
 */
export function ConsentSheet({
  subject,
  id,
  action,
  groups,
  youngChild,
  notice,
  clears,
  onRecorded,
  onClose,
}: {
  subject: Subject;
  id: string;
  action: ConsentAction;
  /** Ticked at first (a withdrawal: the one withdrawn). */
  groups: readonly ConsentGroup[];
  /** The family includes a child under 14. */
  youngChild: boolean;
  /** The newest published notice this phone knows, or null. */
  notice: Notice | null;
  /** The fields a withdrawal of a group clears on this phone. */
  clears: (group: ConsentGroup) => Fields;
  /** Called once recorded, before the sheet closes. */
  onRecorded?: (() => void) | undefined;
  onClose: () => void;
}) {
  const zone = teamZone.value;
  const opened = useMemo(() => Date.now(), []);
  const draft = useSignal<ConsentDraft>(newConsentDraft(groups, opened, zone));
  const problem = useSignal<ConsentProblem | null>(null);
  const failure = useSignal("");
  const busy = useSignal(false);
  const d = draft.value;
  const context = (now: number): ConsentContext => ({ action, zone, now, notice: notice?.version ?? null, youngChild });

  const set = (patch: Partial<ConsentDraft>) => {
    draft.value = { ...draft.value, ...patch };
    problem.value = null;
    failure.value = "";
  };
  const toggle = (g: ConsentGroup, on: boolean) => set({ groups: CONSENT_GROUPS.filter((x) => (x === g ? on : d.groups.includes(x))) });

  const save = async (e: Event) => {
    e.preventDefault();
    if (busy.value) return;
    const ctx = context(Date.now());
    const p = checkConsentDraft(d, ctx);
    if (p) {
      problem.value = p;
      document.getElementById(PROBLEM_FIELD[p])?.focus();
      return;
    }
    const changes: NewChange[] = consentChanges(subject, id, consentInputOf(d, ctx), newUUID);
    if (action === "withdrawn") {
      for (const g of d.groups) {
        const cleared = clears(g);
        if (Object.keys(cleared).length > 0) changes.push({ collection: subject, id, fields: cleared });
      }
    }
    busy.value = true;
    try {
      await records().save(changes);
      onRecorded?.();
      onClose();
    } catch (err) {
      failure.value = tr("failed", { message: err instanceof Error ? err.message : String(err) });
      busy.value = false;
    }
  };

  const said = (where: ConsentProblem[]) =>
    problem.value && where.includes(problem.value) ? (
      <p class="error" role="alert" id="consent-error" data-testid="consent-error" data-problem={problem.value}>
        {tr(PROBLEM_TEXT[problem.value])}
      </p>
    ) : null;
  const describedBy = (where: ConsentProblem[]) => (problem.value && where.includes(problem.value) ? "consent-error" : undefined);
  const withdrawing = action === "withdrawn";
  const title = withdrawing ? tr("withdrawTitle", { group: groupName(groups[0] ?? "contact") }) : tr("sheetTitle");

  return (
    <Sheet title={title} onClose={onClose}>
      {(close) => (
        <form class="form" noValidate onSubmit={(e) => void save(e)} data-testid="consent-form" data-action={action}>
          {withdrawing ? (
            <p class="notice" role="status" data-testid="consent-withdraw-warning">
              {tr("withdrawWarning", { fields: d.groups.map((g) => fieldsText(subject, g)).join(tr("and")) })}
            </p>
          ) : (
            <fieldset class="sheet__fields consent-groups" aria-describedby={describedBy(["groups"])}>
              <legend id="consent-groups" tabIndex={-1}>
                {tr("groups")}
              </legend>
              {CONSENT_GROUPS.map((g) => (
                <label key={g} class="check" for={`consent-group-${g}`}>
                  <input
                    id={`consent-group-${g}`}
                    type="checkbox"
                    checked={d.groups.includes(g)}
                    onChange={(e) => toggle(g, e.currentTarget.checked)}
                  />
                  <span>
                    {groupName(g)} <span class="muted">{fieldsText(subject, g)}</span>
                  </span>
                </label>
              ))}
              {said(["groups"])}
            </fieldset>
          )}
          {!withdrawing &&
            (notice ? (
              <p class="muted" data-testid="consent-notice-shown" data-version={notice.version}>
                {tr("noticeShown", { version: notice.version, date: notice.publishedAt ? formatDay(notice.publishedAt) : "" })}
              </p>
            ) : (
              <div class="field">
                <label for="consent-notice">{tr("notice")}</label>
                <input
                  id="consent-notice"
                  maxLength={NOTICE_MAX}
                  autoComplete="off"
                  value={d.notice}
                  aria-describedby={describedBy(["notice", "noticeLong"]) ?? "consent-notice-hint"}
                  onInput={(e) => set({ notice: e.currentTarget.value })}
                />
                <p class="muted" id="consent-notice-hint">
                  {tr("noticeHint")}
                </p>
                {said(["notice", "noticeLong"])}
              </div>
            ))}
          <div class="field">
            <label for="consent-method">{tr("method")}</label>
            <select
              id="consent-method"
              value={d.method}
              aria-describedby={describedBy(["method"])}
              onChange={(e) => set({ method: e.currentTarget.value as ConsentMethod | "" })}
            >
              <option value="">{tr("choose")}</option>
              {CONSENT_METHODS.map((m) => (
                <option key={m} value={m}>
                  {methodName(m)}
                </option>
              ))}
            </select>
            {said(["method"])}
          </div>
          <TimeField
            id="consent-when"
            label={tr("when")}
            value={d.when}
            zone={zone}
            latest={Date.now() + FUTURE_SLACK_MS}
            errorId={describedBy(["timeBad", "timeRange", "timeFuture"])}
            onInput={(v) => set({ when: v })}
          >
            {said(["timeBad", "timeRange", "timeFuture"])}
          </TimeField>
          {asksGuardian(d, action) && (
            <div class="field">
              <label for="consent-guardian">{tr("guardian")}</label>
              <input
                id="consent-guardian"
                maxLength={GUARDIAN_MAX}
                autoComplete="off"
                value={d.guardian}
                aria-describedby={describedBy(["guardian", "guardianLong"]) ?? "consent-guardian-hint"}
                onInput={(e) => set({ guardian: e.currentTarget.value })}
              />
              <p class="muted" id="consent-guardian-hint">
                {tr("guardianHint")}
              </p>
              {said(["guardian", "guardianLong"])}
            </div>
          )}
          {failure.value && (
            <p class="error" role="alert">
              {failure.value}
            </p>
          )}
          <FormActions
            label={withdrawing ? tr("withdrawSave") : tr("save")}
            testid={withdrawing ? "consent-withdraw-save" : "consent-save"}
            busy={busy.value}
            danger={withdrawing}
            onCancel={close}
          />
        </form>
      )}
    </Sheet>
  );
}
