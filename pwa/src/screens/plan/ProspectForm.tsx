// The form of a Plan 100 name, for adding one and for editing one. It hands
// the caller only the fields that differ from the newest version of the
// name, checked against the server's limits. A newer version arriving while
// the agent types is merged in (a field changed on both sides shows the
// other version beside it), and what is typed is kept on the device until
// saved or cancelled (useDraftForm). The fields of a consent group without
// the person's consent (the phone, the need and wealth scores) are locked
// (shown, not editable) with the way to record it; a save that would write
// one anyway is refused before it reaches the outbox.

import { GRADES, MAX_TEXT, SOURCES } from "../../data";
import { consentNeeded, type ConsentGroup } from "../../data/consents";
import type { Linked } from "../../data/formState";
import { label } from "../../data/labels";
import { NAME_MAX, SCORE_MAX } from "../../data/limits";
import type { Fields } from "../../sync";
import { ConsentLock, consentNeedText, type ConsentController } from "../../ui/Consent";
import { Field, problemAttrs } from "../../ui/Field";
import { FormActions } from "../../ui/FormActions";
import { FormGuard, Theirs } from "../../ui/FormGuard";
import { useDraftForm } from "../../ui/useDraftForm";
import { checkProspect, prospectChanges, SCORES, type ProspectDraft, type Source } from "./draft";
import { tr } from "./messages";

const SCORE_VALUES = Array.from({ length: SCORE_MAX + 1 }, (_, i) => String(i));

/** The consent group of each score (the trust score needs none). */
const SCORE_GROUP: Record<(typeof SCORES)[number], ConsentGroup | null> = { need: "health", wealth: "income", trust: null };

/** Only a referral has someone who referred it: the two are merged together. */
const LINKED: Linked<ProspectDraft> = [["source", "referrer"]];

const sourceText = (d: ProspectDraft) => [d.source ? label("source", d.source) : "", d.source === "referral" ? d.referrer : ""].filter(Boolean).join(" · ");

export function ProspectForm({
  initial,
  draftKey,
  submitLabel,
  consent,
  onSave,
  onCancel,
}: {
  /** The values to show: a record's (a new memo when it changes), or EMPTY_PROSPECT. */
  initial: ProspectDraft;
  /** The key of the form's draft on the device: "prospects:<id>", or "prospects:new". */
  draftKey: string;
  submitLabel: string;
  /** The person's consents, which unlock the groups' fields. */
  consent: ConsentController;
  /** Saves the changed fields (never empty); a thrown error is shown. */
  onSave: (changes: Fields) => Promise<void>;
  /** Leaves the form; what was typed is thrown away first. */
  onCancel?: () => void;
}) {
  const save = async (changes: Fields) => {
    const need = consentNeeded("prospects", changes, consent.state);
    if (need) throw new Error(consentNeedText(need));
    await onSave(changes);
  };
  const { form, draft: d, problems: p, status, busy, set, submit } = useDraftForm({
    initial,
    draftKey,
    linked: LINKED,
    check: checkProspect,
    changes: prospectChanges,
    fieldId: (key) => `plan-${key}`,
    onSave: save,
    tr,
  });

  return (
    <form class="form" onSubmit={(e) => void submit(e)} noValidate>
      <FormGuard form={form} />
      <Field id="plan-name" label={tr("name")} problem={p["name"]}>
        <input
          id="plan-name"
          required
          maxLength={NAME_MAX}
          autoComplete="off"
          value={d.name}
          onInput={(e) => set("name", e.currentTarget.value)}
          {...problemAttrs("plan-name", p["name"])}
        />
        <Theirs form={form} part="name" />
      </Field>
      <Field id="plan-phone" label={tr("phone")} problem={p["phone"]}>
        <input
          id="plan-phone"
          type="tel"
          inputMode="tel"
          autoComplete="off"
          maxLength={32}
          value={d.phone}
          disabled={!consent.given("contact")}
          onInput={(e) => set("phone", e.currentTarget.value)}
          {...problemAttrs("plan-phone", p["phone"])}
        />
        <ConsentLock c={consent} group="contact" />
        <Theirs form={form} part="phone" />
      </Field>
      <div class="plan-grid">
        <Field id="plan-source" label={tr("source")}>
          <select id="plan-source" value={d.source} onChange={(e) => set("source", e.currentTarget.value as Source | "")}>
            <option value="">{tr("none")}</option>
            {SOURCES.map((s) => (
              <option key={s} value={s}>
                {label("source", s)}
              </option>
            ))}
          </select>
          <Theirs form={form} part="source" show={sourceText} />
        </Field>
        <Field id="plan-grade" label={tr("grade")}>
          <select id="plan-grade" value={d.grade} onChange={(e) => set("grade", e.currentTarget.value as ProspectDraft["grade"])}>
            <option value="">{tr("noGrade")}</option>
            {GRADES.map((g) => (
              <option key={g} value={g}>
                {label("grade", g)}
              </option>
            ))}
          </select>
          <Theirs form={form} part="grade" show={(t) => (t.grade ? label("grade", t.grade) : "")} />
        </Field>
      </div>
      {d.source === "referral" && (
        <Field id="plan-referrer" label={tr("referrer")} problem={p["referrer"]}>
          <input
            id="plan-referrer"
            maxLength={NAME_MAX}
            autoComplete="off"
            value={d.referrer}
            onInput={(e) => set("referrer", e.currentTarget.value)}
            {...problemAttrs("plan-referrer", p["referrer"])}
          />
        </Field>
      )}
      {/* Selects, not a row of 11 buttons: one thumb reaches them at 360 px. */}
      <fieldset class="plan-fieldset">
        <legend>{tr("scores")}</legend>
        <div class="plan-scores">
          {SCORES.map((s) => {
            const group = SCORE_GROUP[s];
            return (
            <Field key={s} id={`plan-${s}`} label={label("score", s)} problem={p[s]}>
              <select
                id={`plan-${s}`}
                value={d[s]}
                disabled={group !== null && !consent.given(group)}
                onChange={(e) => set(s, e.currentTarget.value)}
                {...problemAttrs(`plan-${s}`, p[s])}
              >
                <option value="">{tr("notScored")}</option>
                {SCORE_VALUES.map((v) => (
                  <option key={v} value={v}>
                    {v}
                  </option>
                ))}
              </select>
              {group && <ConsentLock c={consent} group={group} />}
              <Theirs form={form} part={s} />
            </Field>
            );
          })}
        </div>
      </fieldset>
      <Field id="plan-notes" label={tr("notes")} problem={p["notes"]}>
        <textarea
          id="plan-notes"
          rows={3}
          maxLength={MAX_TEXT}
          value={d.notes}
          onInput={(e) => set("notes", e.currentTarget.value)}
          {...problemAttrs("plan-notes", p["notes"])}
        />
        <Theirs form={form} part="notes" />
      </Field>
      <p class={status.bad ? "error" : "muted"} role="status" aria-live="polite">
        {status.text}
      </p>
      <FormActions
        label={submitLabel}
        testid="prospect-save"
        busy={busy}
        onCancel={
          onCancel &&
          (() => {
            form.discard();
            onCancel();
          })
        }
      />
    </form>
  );
}
