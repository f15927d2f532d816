// The customer file form: profile, family, needs and notes, for a new file
// and for editing one. It hands the caller only the fields that differ from
// the newest version of the file, checked against the server's limits. A
// newer version arriving while the agent types is merged in (a field
// changed on both sides shows the other version beside it), and what is
// typed is kept on the device until saved (useDraftForm). The fields of a
// consent group without the person's consent are locked (shown, not
// editable) with the way to record it; a save that would write one anyway
// is refused before it reaches the outbox.

import { GENDERS, INCOME_BANDS, NEEDS } from "../../data";
import { consentNeeded } from "../../data/consents";
import type { Linked } from "../../data/formState";
import { label } from "../../data/labels";
import { AGE_MAX, MAX_CHILDREN, MAX_TEXT, NAME_MAX, type Problem } from "../../data/limits";
import type { Fields } from "../../sync";
import { ConsentLock, consentNeedText, GuardianNeeded, type ConsentController } from "../../ui/Consent";
import { Field, problemAttrs } from "../../ui/Field";
import { FormGuard, Theirs } from "../../ui/FormGuard";
import { useDraftForm } from "../../ui/useDraftForm";
import type { Form } from "../../ui/useFormState";
import {
  checkCustomer,
  childField,
  customerChanges,
  type ChildRow,
  type CustomerDraft,
  type Gender,
  type IncomeBand,
  type Need,
  youngChildIn,
} from "./draft";
import { tr } from "./messages";

type Setter = <K extends keyof CustomerDraft & string>(key: K, value: CustomerDraft[K]) => void;
type Problems = Record<string, Problem>;
type F = Form<CustomerDraft>;
type C = ConsentController;

/** A stated "none" and the values it stands for are one thing, merged together. */
const LINKED: Linked<CustomerDraft> = [
  ["spouse", "noSpouse"],
  ["children", "noChildren"],
];

const joined = (items: readonly string[]) => items.join("、");
const spouseText = (d: CustomerDraft) => (d.noSpouse ? tr("noSpouse") : d.spouse);
const childrenText = (d: CustomerDraft) =>
  d.noChildren ? tr("noChildren") : joined(d.children.map((c) => [c.name, c.age].filter(Boolean).join(" ")).filter(Boolean));

/** The id of the input of a draft field or childField() key. */
const fieldId = (key: string) => `cust-${key}`;

export function CustomerForm({
  initial,
  draftKey,
  submitLabel,
  consent,
  onSave,
}: {
  /** The values to show: a record's (a new memo when it changes), or EMPTY_CUSTOMER. */
  initial: CustomerDraft;
  /** The key of the form's draft on the device: "customers:<id>", or "customers:new". */
  draftKey: string;
  submitLabel: string;
  /** The person's consents, which unlock the groups' fields. */
  consent: C;
  /** Saves the changed fields (never empty); a thrown error is shown. */
  onSave: (changes: Fields) => Promise<void>;
}) {
  const save = async (changes: Fields) => {
    const need = consentNeeded("customers", changes, consent.state);
    if (need) throw new Error(consentNeedText(need));
    await onSave(changes);
  };
  const { form, draft, problems, status, busy, set, submit } = useDraftForm({
    initial,
    draftKey,
    linked: LINKED,
    check: checkCustomer,
    changes: customerChanges,
    fieldId,
    onSave: save,
    tr,
  });

  return (
    <form class="form" onSubmit={(e) => void submit(e)} noValidate>
      <FormGuard form={form} />
      <Profile d={draft} p={problems} set={set} f={form} c={consent} />
      <Family d={draft} p={problems} set={set} f={form} c={consent} />
      <Needs d={draft} set={set} f={form} c={consent} />
      <section class="card">
        <Field id={fieldId("notes")} label={tr("notes")} problem={problems["notes"]}>
          <textarea
            id={fieldId("notes")}
            rows={4}
            maxLength={MAX_TEXT}
            value={draft.notes}
            onInput={(e) => set("notes", e.currentTarget.value)}
            {...problemAttrs(fieldId("notes"), problems["notes"])}
          />
          <Theirs form={form} part="notes" />
        </Field>
      </section>
      {/* Kept in reach at the bottom of the screen: the form is long. */}
      <div class="customers-save">
        <button type="submit" class="btn btn--primary btn--block" disabled={busy} data-testid="customer-save">
          {submitLabel}
        </button>
        <p class={status.bad ? "error" : "muted"} role="status" aria-live="polite">
          {status.text}
        </p>
      </div>
    </form>
  );
}

function Profile({ d, p, set, f, c }: { d: CustomerDraft; p: Problems; set: Setter; f: F; c: C }) {
  return (
    <section class="card" aria-labelledby="cust-profile">
      <h2 id="cust-profile">{tr("profile")}</h2>
      <Field id={fieldId("name")} label={tr("name")} problem={p["name"]}>
        <input
          id={fieldId("name")}
          required
          maxLength={NAME_MAX}
          autoComplete="off"
          value={d.name}
          onInput={(e) => set("name", e.currentTarget.value)}
          {...problemAttrs(fieldId("name"), p["name"])}
        />
        <Theirs form={f} part="name" />
      </Field>
      <Field id={fieldId("phone")} label={tr("phone")} problem={p["phone"]}>
        <input
          id={fieldId("phone")}
          type="tel"
          inputMode="tel"
          autoComplete="off"
          maxLength={32}
          value={d.phone}
          disabled={!c.given("contact")}
          onInput={(e) => set("phone", e.currentTarget.value)}
          {...problemAttrs(fieldId("phone"), p["phone"])}
        />
        <ConsentLock c={c} group="contact" />
        <Theirs form={f} part="phone" />
      </Field>
      <div class="customers-grid">
        <Field id={fieldId("gender")} label={tr("gender")}>
          <select id={fieldId("gender")} value={d.gender} onChange={(e) => set("gender", e.currentTarget.value as Gender | "")}>
            <option value="">{tr("notGiven")}</option>
            {GENDERS.map((g) => (
              <option key={g} value={g}>
                {label("gender", g)}
              </option>
            ))}
          </select>
          <Theirs form={f} part="gender" show={(t) => (t.gender ? label("gender", t.gender) : "")} />
        </Field>
        <Field id={fieldId("age")} label={tr("ageField")} problem={p["age"]}>
          <input
            id={fieldId("age")}
            inputMode="numeric"
            maxLength={3}
            autoComplete="off"
            value={d.age}
            onInput={(e) => set("age", e.currentTarget.value)}
            {...problemAttrs(fieldId("age"), p["age"])}
          />
          <Theirs form={f} part="age" />
        </Field>
      </div>
      <Field id={fieldId("occupation")} label={tr("occupation")} problem={p["occupation"]}>
        <input
          id={fieldId("occupation")}
          maxLength={NAME_MAX}
          value={d.occupation}
          onInput={(e) => set("occupation", e.currentTarget.value)}
          {...problemAttrs(fieldId("occupation"), p["occupation"])}
        />
        <Theirs form={f} part="occupation" />
      </Field>
      <Field id={fieldId("incomeBand")} label={tr("income")}>
        <select
          id={fieldId("incomeBand")}
          value={d.incomeBand}
          disabled={!c.given("income")}
          onChange={(e) => set("incomeBand", e.currentTarget.value as IncomeBand | "")}
        >
          <option value="">{tr("notGiven")}</option>
          {INCOME_BANDS.map((b) => (
            <option key={b} value={b}>
              {label("income", b)}
            </option>
          ))}
        </select>
        <ConsentLock c={c} group="income" />
        <Theirs form={f} part="incomeBand" show={(t) => (t.incomeBand ? label("income", t.incomeBand) : "")} />
      </Field>
    </section>
  );
}

/**
 * Spouse and children, each with a way to state "none": a stated none
 * fills the family part of the file, an empty field does not.
 */
function Family({ d, p, set, f, c }: { d: CustomerDraft; p: Problems; set: Setter; f: F; c: C }) {
  const locked = !c.given("family");
  const young = youngChildIn(d);
  const addChild = () => {
    const key = Math.max(-1, ...d.children.map((c) => c.key)) + 1;
    set("children", [...d.children, { key, name: "", age: "" }]);
    // Straight to the new row's name, as a native form would.
    requestAnimationFrame(() => document.getElementById(fieldId(childField({ key, name: "", age: "" }, "name")))?.focus());
  };
  return (
    <section class="card" aria-labelledby="cust-family">
      <h2 id="cust-family">{tr("family")}</h2>
      <p class="muted">{tr("familyHint")}</p>
      <ConsentLock c={c} group="family" youngChild={young} />
      {!locked && young && !c.state.family.latest?.guardian && <GuardianNeeded c={c} />}
      {!d.noSpouse && (
        <Field id={fieldId("spouse")} label={tr("spouse")} problem={p["spouse"]}>
          <input
            id={fieldId("spouse")}
            maxLength={NAME_MAX}
            autoComplete="off"
            value={d.spouse}
            disabled={locked}
            onInput={(e) => set("spouse", e.currentTarget.value)}
            {...problemAttrs(fieldId("spouse"), p["spouse"])}
          />
        </Field>
      )}
      <label class="check" for={fieldId("no-spouse")}>
        <input
          id={fieldId("no-spouse")}
          type="checkbox"
          checked={d.noSpouse}
          disabled={locked}
          onChange={(e) => set("noSpouse", e.currentTarget.checked)}
          data-testid="no-spouse"
        />
        {tr("noSpouse")}
      </label>
      <Theirs form={f} part="spouse" show={spouseText} />
      <div role="group" aria-labelledby="cust-children">
        <h3 id="cust-children" class="customers-subhead">
          {tr("children")}
        </h3>
        {d.children.map((row, i) => (
          <ChildInputs
            key={row.key}
            row={row}
            n={i + 1}
            p={p}
            locked={locked}
            onChange={(next) => set("children", d.children.map((c) => (c.key === row.key ? next : c)))}
            onRemove={() => set("children", d.children.filter((c) => c.key !== row.key))}
          />
        ))}
        {d.children.length === 0 && (
          <label class="check" for={fieldId("no-children")}>
            <input
              id={fieldId("no-children")}
              type="checkbox"
              checked={d.noChildren}
              disabled={locked}
              onChange={(e) => set("noChildren", e.currentTarget.checked)}
              data-testid="no-children"
            />
            {tr("noChildren")}
          </label>
        )}
        {!d.noChildren && d.children.length < MAX_CHILDREN && (
          <button type="button" class="btn btn--secondary" onClick={addChild} disabled={locked} data-testid="add-child">
            {tr("addChild")}
          </button>
        )}
        <Theirs form={f} part="children" show={childrenText} />
      </div>
    </section>
  );
}

function ChildInputs({
  row,
  n,
  p,
  locked,
  onChange,
  onRemove,
}: {
  row: ChildRow;
  n: number;
  p: Problems;
  locked: boolean;
  onChange: (row: ChildRow) => void;
  onRemove: () => void;
}) {
  const nameId = fieldId(childField(row, "name"));
  const ageId = fieldId(childField(row, "age"));
  return (
    <div class="customers-child" data-testid="child-row">
      <div class="customers-child__name">
        <Field id={nameId} label={tr("childName", { n })} problem={p[childField(row, "name")]}>
          <input
            id={nameId}
            maxLength={NAME_MAX}
            autoComplete="off"
            value={row.name}
            disabled={locked}
            onInput={(e) => onChange({ ...row, name: e.currentTarget.value })}
            {...problemAttrs(nameId, p[childField(row, "name")])}
          />
        </Field>
      </div>
      <div class="customers-child__age">
        <Field id={ageId} label={tr("childAge", { n })} problem={p[childField(row, "age")]}>
          <input
            id={ageId}
            inputMode="numeric"
            maxLength={String(AGE_MAX).length}
            autoComplete="off"
            value={row.age}
            disabled={locked}
            onInput={(e) => onChange({ ...row, age: e.currentTarget.value })}
            {...problemAttrs(ageId, p[childField(row, "age")])}
          />
        </Field>
      </div>
      <button type="button" class="btn btn--danger-quiet customers-child__remove" onClick={onRemove} disabled={locked}>
        {tr("removeChild", { n })}
      </button>
    </div>
  );
}

function Needs({ d, set, f, c }: { d: CustomerDraft; set: Setter; f: F; c: C }) {
  const toggle = (need: Need, on: boolean) => set("needs", on ? [...d.needs, need] : d.needs.filter((x) => x !== need));
  return (
    <section class="card" role="group" aria-labelledby="cust-needs">
      <h2 id="cust-needs">{tr("needs")}</h2>
      <ConsentLock c={c} group="health" />
      <div class="customers-grid">
        {NEEDS.map((need) => (
          <label key={need} class="check" for={fieldId(`need-${need}`)}>
            <input
              id={fieldId(`need-${need}`)}
              type="checkbox"
              checked={d.needs.includes(need)}
              disabled={!c.given("health")}
              onChange={(e) => toggle(need, e.currentTarget.checked)}
            />
            {label("need", need)}
          </label>
        ))}
      </div>
      <Theirs form={f} part="needs" show={(t) => joined(t.needs.map((n) => label("need", n)))} />
    </section>
  );
}
