// Recording one activity, or editing one already recorded: when it happened
// (on the team's clock; visits are often written up in the evening), who it
// was with (a customer or a Plan 100 name), what came of it, the next step,
// notes, and the premium for a deal. Saved to the outbox in one IndexedDB
// transaction; the sheet closes at once. An edit sends only what changed.
//
// What is typed is kept on the device as it is typed (data/drafts.ts), so
// Back, a reload or a closed app never loses it: reopening the sheet brings
// it back, and saving or discarding forgets it. A voided activity is shown,
// read-only, with the supervisor's reason.

import { useSignal } from "@preact/signals";
import { useMemo } from "preact/hooks";
import { teamZone } from "../api";
import { customerOf, dayLogOf, MAX_TEXT, myId, prospectOf, records, useCollection, useList, type Activity, type Kind } from "../data";
import { clearDraft, loadDraft, saveDraft } from "../data/drafts";
import { label } from "../data/labels";
import { translator } from "../i18n";
import { newUUID } from "../sync";
import { dayIn } from "../time";
import {
  activityFields,
  checkDraft,
  draftKey,
  draftOf,
  FUTURE_SLACK_MS,
  newDraft,
  restoreDraft,
  subjectOf,
  touchedDays,
  typedChanges,
  type ActivityDraft,
  type DraftContext,
  type DraftProblem,
} from "./activityDraft";
import { en } from "./ActivitySheet.en";
import { zhCN } from "./ActivitySheet.zh-CN";
import { FormActions } from "./FormActions";
import { LostEdits } from "./LostEdits";
import { contactOf, rankPeople } from "./people";
import { PersonPicker } from "./PersonPicker";
import { Sheet } from "./Sheet";
import { TimeField } from "./TimeField";

export type TapKind = "call" | "appointment" | "visit" | "sales_interview" | "closing_interview" | "deal";

const tr = translator({ "zh-CN": zhCN, en });

const PROBLEM_TEXT: Record<DraftProblem, Parameters<typeof tr>[0]> = {
  timeBad: "timeBad",
  timeRange: "timeRange",
  timeFuture: "timeFuture",
  nextAt: "nextAtBad",
  premium: "premiumBad",
};
const PROBLEM_FIELD: Record<DraftProblem, string> = {
  timeBad: "act-when",
  timeRange: "act-when",
  timeFuture: "act-when",
  nextAt: "act-next-at",
  premium: "act-premium",
};

/** A button for each kind, to open the sheet that records one; each has the data-testid `record-<kind>`. */
export function RecordButtons({ kinds, onPick }: { kinds: readonly TapKind[]; onPick: (kind: TapKind) => void }) {
  return (
    <>
      {kinds.map((k) => (
        <button key={k} type="button" class="btn btn--secondary" onClick={() => onPick(k)} data-testid={`record-${k}`}>
          {label("kind", k)}
        </button>
      ))}
    </>
  );
}

export type ActivitySheetProps = {
  onClose: () => void;
  onSaved?: () => void;
} & (
  | {
      /** A new record of this kind… */
      kind: TapKind;
      /** …with this customer or Plan 100 name chosen at first. */
      customerId?: string;
      prospectId?: string;
      activity?: undefined;
    }
  | {
      /** The agent's own recorded activity, to edit (or, voided, to read). */
      activity: Activity;
      kind?: undefined;
      customerId?: undefined;
      prospectId?: undefined;
    }
);

export function ActivitySheet(props: ActivitySheetProps) {
  const zone = teamZone.value;
  const me = myId();
  const edit = props.activity ?? null;
  const kind: Kind | null = edit ? edit.kind : (props.kind ?? null);
  const readOnly = edit?.voided ?? false;
  const opened = useMemo(() => Date.now(), []);
  const base = useMemo(
    () => (edit ? draftOf(edit, zone) : newDraft(opened, zone, subjectOf(props.customerId, props.prospectId))),
    [edit, zone],
  );
  const key = useMemo(
    () => (edit ? draftKey({ activityId: edit.id }) : draftKey({ kind: props.kind ?? "", who: base.who })),
    [],
  );
  // What was typed, laid over base (so a field left alone follows the record
  // if a sync changes it while the sheet is open).
  const kept = useMemo(() => (readOnly ? {} : typedChanges(base, restoreDraft(base, loadDraft(me, key)))), []);
  const typed = useSignal<Partial<ActivityDraft>>(kept);
  const restored = useSignal(Object.keys(kept).length > 0);
  const error = useSignal<DraftProblem | "failed" | null>(null);
  const failure = useSignal("");
  const busy = useSignal(false);

  const draft: ActivityDraft = { ...base, ...typed.value };
  const dirty = !readOnly && Object.keys(typedChanges(base, draft)).length > 0;

  const set = (k: keyof ActivityDraft, v: string) => {
    typed.value = { ...typed.value, [k]: v };
    error.value = null;
    const changed = typedChanges(base, { ...base, ...typed.value });
    if (Object.keys(changed).length > 0) saveDraft(me, key, changed);
    else clearDraft(me, key);
  };
  const forget = () => {
    typed.value = {};
    restored.value = false;
    clearDraft(me, key);
  };

  const people = usePeople();
  const logs = useList("day_logs", dayLogOf);
  const approvedDay = useMemo(() => {
    const approved = new Set(logs.filter((l) => l.state === "approved").map((l) => l.date));
    return touchedDays(base, draft, !edit).some((d) => approved.has(d));
  }, [logs, base, draft.when]);

  const save = async (e: Event) => {
    e.preventDefault();
    if (busy.value || readOnly) return;
    const ctx: DraftContext = { kind, zone, now: Date.now(), isNew: !edit };
    const problem = checkDraft(base, draft, ctx);
    if (problem) {
      error.value = problem;
      document.getElementById(PROBLEM_FIELD[problem])?.focus();
      return;
    }
    const fields = activityFields(base, draft, ctx);
    if (edit && Object.keys(fields).length === 0) {
      clearDraft(me, key);
      props.onClose();
      return;
    }
    busy.value = true;
    try {
      await records().put("activities", edit?.id ?? newUUID(), fields);
      clearDraft(me, key);
      props.onSaved?.();
      props.onClose();
    } catch (err) {
      failure.value = err instanceof Error ? err.message : String(err);
      error.value = "failed";
      busy.value = false;
    }
  };

  const kindText = kind ? label("kind", kind) : "";
  const title = readOnly ? tr("voidedTitle", { kind: kindText }) : edit ? tr("editTitle", { kind: kindText }) : tr("title", { kind: kindText });
  const now = Date.now();
  const timeProblem = error.value === "timeBad" || error.value === "timeRange" || error.value === "timeFuture";

  return (
    <Sheet title={title} onClose={props.onClose} dirty={dirty} onDiscard={() => clearDraft(me, key)}>
      {(close) => (
        <form class="form" noValidate onSubmit={(e) => void save(e)} data-testid="activity-form" data-mode={readOnly ? "voided" : edit ? "edit" : "new"}>
          {readOnly && (
            <div class="notice" role="status" data-testid="activity-voided">
              <p>{edit?.voidReason ? tr("voided", { reason: edit.voidReason }) : tr("voidedNoReason")}</p>
              <p>{tr("readOnly")}</p>
            </div>
          )}
          {edit && <LostEdits collection="activities" id={edit.id} version={edit} />}
          {restored.value && dirty && (
            <p class="notice row" role="status" data-testid="draft-restored">
              <span>{tr("restored")}</span>
              <button type="button" class="btn btn--quiet" onClick={forget} data-testid="draft-forget">
                {tr("forget")}
              </button>
            </p>
          )}
          <fieldset class="sheet__fields" disabled={readOnly}>
            <div class="field">
              <label for="act-who">{tr("who")}</label>
              <PersonPicker
                id="act-who"
                value={draft.who}
                people={people}
                zone={zone}
                startOpen={!edit && !base.who}
                disabled={readOnly || kind === "prospect"}
                onChange={(v) => set("who", v)}
              />
              {!draft.who && !readOnly && <p class="muted">{tr("whoHint")}</p>}
            </div>
            <TimeField
              id="act-when"
              label={tr("when")}
              value={draft.when}
              zone={zone}
              latest={now + FUTURE_SLACK_MS}
              errorId={timeProblem ? "act-error" : undefined}
              onInput={(v) => set("when", v)}
            >
              {timeProblem && <Problem problem={error.value!} text={tr(PROBLEM_TEXT[error.value as DraftProblem])} />}
            </TimeField>
            {kind === "deal" && (
              <div class="field">
                <label for="act-premium">{tr("premium")}</label>
                <input
                  id="act-premium"
                  type="number"
                  inputMode="decimal"
                  min="0"
                  max="100000000"
                  step="any"
                  required
                  value={draft.premium}
                  aria-invalid={error.value === "premium" || undefined}
                  aria-describedby={error.value === "premium" ? "act-error" : undefined}
                  onInput={(e) => set("premium", e.currentTarget.value)}
                />
                {error.value === "premium" && <Problem problem="premium" text={tr("premiumBad")} />}
              </div>
            )}
            <div class="field">
              <label for="act-outcome">{tr("outcome")}</label>
              <input
                id="act-outcome"
                maxLength={500}
                placeholder={tr("outcomeHint")}
                value={draft.outcome}
                onInput={(e) => set("outcome", e.currentTarget.value)}
              />
            </div>
            <div class="field">
              <label for="act-next">{tr("nextStep")}</label>
              <input id="act-next" maxLength={500} value={draft.nextStep} onInput={(e) => set("nextStep", e.currentTarget.value)} />
            </div>
            <div class="field">
              <label for="act-next-at">{tr("nextAt")}</label>
              <input
                id="act-next-at"
                type="date"
                min={dayIn(now, zone)}
                value={draft.nextAt}
                aria-invalid={error.value === "nextAt" || undefined}
                aria-describedby={error.value === "nextAt" ? "act-error" : "act-next-at-hint"}
                onInput={(e) => set("nextAt", e.currentTarget.value)}
              />
              {error.value === "nextAt" ? <Problem problem="nextAt" text={tr("nextAtBad")} /> : <p class="muted" id="act-next-at-hint">{tr("nextAtHint")}</p>}
            </div>
            <div class="field">
              <label for="act-notes">{tr("notes")}</label>
              <textarea id="act-notes" rows={2} maxLength={MAX_TEXT} value={draft.notes} onInput={(e) => set("notes", e.currentTarget.value)} />
            </div>
          </fieldset>
          {approvedDay && !readOnly && (
            <p class="notice" role="status" data-testid="approved-warning">
              {edit ? tr("approvedEdit") : tr("approvedNew")}
            </p>
          )}
          {error.value === "failed" && <Problem problem="failed" text={tr("failed", { message: failure.value })} />}
          {readOnly ? (
            <div class="row">
              <button type="button" class="btn btn--secondary" onClick={props.onClose} data-testid="activity-close">
                {tr("close")}
              </button>
            </div>
          ) : (
            <FormActions label={tr("save")} testid="activity-save" busy={busy.value} onCancel={close} />
          )}
        </form>
      )}
    </Sheet>
  );
}

/** Why the form was not saved, said under the field it concerns. */
function Problem({ problem, text }: { problem: DraftProblem | "failed"; text: string }) {
  return (
    <p class="error" role="alert" id="act-error" data-testid="activity-error" data-problem={problem}>
      {text}
    </p>
  );
}

/** Everyone an activity may name, the people last met first (see people.ts). */
function usePeople() {
  const customers = useList("customers", customerOf);
  const prospects = useList("prospects", prospectOf);
  const acts = useCollection("activities");
  return useMemo(
    () => rankPeople(customers, prospects, [...acts.values()].map((r) => contactOf(r.fields))),
    [customers, prospects, acts],
  );
}

