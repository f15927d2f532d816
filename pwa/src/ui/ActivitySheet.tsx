// Recording one activity: who it was with (a customer or a Plan 100 name),
// what came of it, the next step, notes, and the premium for a deal. Saved
// to the outbox in one IndexedDB transaction; the sheet closes at once.

import { useSignal } from "@preact/signals";
import { useMemo } from "preact/hooks";
import { customerOf, isOpen, MAX_TEXT, prospectOf, records, useList, type Customer, type Prospect } from "../data";
import { label } from "../data/labels";
import { messages } from "../i18n";
import { newUUID, type Fields } from "../sync";
import { rfc3339Local } from "../time";
import { FormActions } from "./FormActions";
import { Sheet } from "./Sheet";

export type TapKind = "call" | "appointment" | "visit" | "sales_interview" | "closing_interview" | "deal";

const tr = messages(
  {
    title: "记录{kind}",
    who: "对象",
    whoNone: "（未指定）",
    whoHint: "拜访和面谈要选定客户或名单中的人才计入积分。",
    customers: "客户",
    prospects: "计划100名单",
    outcome: "结果",
    outcomeHint: "例如：约到周五下午面谈",
    nextStep: "下一步",
    notes: "备注",
    premium: "保费（元）",
    premiumNeeded: "成交要填写保费。",
    save: "保存",
    failed: "保存失败：{message}",
  },
  {
    title: "Record: {kind}",
    who: "With",
    whoNone: "(nobody chosen)",
    whoHint: "Visits and interviews count only when they name a customer or a Plan 100 name.",
    customers: "Customers",
    prospects: "Plan 100 names",
    outcome: "Outcome",
    outcomeHint: "e.g. meeting set for Friday afternoon",
    nextStep: "Next step",
    notes: "Notes",
    premium: "Premium (¥)",
    premiumNeeded: "A deal needs its premium.",
    save: "Save",
    failed: "Could not save: {message}",
  },
);

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

/** The value of the "with" select: "c:<id>", "p:<id>" or "". */
function subjectValue(customerId?: string, prospectId?: string): string {
  if (customerId) return `c:${customerId}`;
  if (prospectId) return `p:${prospectId}`;
  return "";
}

export function ActivitySheet(props: {
  kind: TapKind;
  customerId?: string;
  prospectId?: string;
  onClose: () => void;
  onSaved?: () => void;
}) {
  const { kind } = props;
  const customers = useList("customers", customerOf);
  const prospects = useList("prospects", prospectOf);
  const subject = useSignal(subjectValue(props.customerId, props.prospectId));
  const outcome = useSignal("");
  const nextStep = useSignal("");
  const notes = useSignal("");
  const premium = useSignal("");
  const error = useSignal("");
  const busy = useSignal(false);

  // Names to choose from, by name; prospects already turned into customers
  // are chosen through their customer file.
  const [cs, ps] = useMemo(() => {
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    return [
      [...customers].sort(byName) as Customer[],
      prospects.filter((p) => isOpen(p) && !p.customerId).sort(byName) as Prospect[],
    ];
  }, [customers, prospects]);

  const save = async (e: Event) => {
    e.preventDefault();
    if (busy.value) return;
    const fields: Fields = { kind, occurred_at: rfc3339Local(new Date()) };
    const [type, id] = subject.value.split(":");
    if (type === "c" && id) fields["customer_id"] = id;
    if (type === "p" && id) fields["prospect_id"] = id;
    if (outcome.value.trim()) fields["outcome"] = outcome.value.trim();
    if (nextStep.value.trim()) fields["next_step"] = nextStep.value.trim();
    if (notes.value.trim()) fields["notes"] = notes.value.trim();
    if (kind === "deal") {
      const amount = Number(premium.value);
      if (!premium.value.trim() || !Number.isFinite(amount) || amount <= 0) {
        error.value = tr("premiumNeeded");
        return;
      }
      fields["premium"] = amount;
    }
    busy.value = true;
    try {
      await records().put("activities", newUUID(), fields);
      props.onSaved?.();
      props.onClose();
    } catch (err) {
      error.value = tr("failed", { message: String(err) });
      busy.value = false;
    }
  };

  return (
    <Sheet title={tr("title", { kind: label("kind", kind) })} onClose={props.onClose}>
      <form class="form" onSubmit={(e) => void save(e)} data-testid="activity-form">
        <div class="field">
          <label for="act-who">{tr("who")}</label>
          <select id="act-who" value={subject.value} onChange={(e) => (subject.value = e.currentTarget.value)}>
            <option value="">{tr("whoNone")}</option>
            {cs.length > 0 && (
              <optgroup label={tr("customers")}>
                {cs.map((c) => (
                  <option key={c.id} value={`c:${c.id}`}>
                    {c.name}
                  </option>
                ))}
              </optgroup>
            )}
            {ps.length > 0 && (
              <optgroup label={tr("prospects")}>
                {ps.map((p) => (
                  <option key={p.id} value={`p:${p.id}`}>
                    {p.name}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
          {!subject.value && <p class="muted">{tr("whoHint")}</p>}
        </div>
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
              value={premium.value}
              onInput={(e) => (premium.value = e.currentTarget.value)}
            />
          </div>
        )}
        <div class="field">
          <label for="act-outcome">{tr("outcome")}</label>
          <input
            id="act-outcome"
            maxLength={500}
            placeholder={tr("outcomeHint")}
            value={outcome.value}
            onInput={(e) => (outcome.value = e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="act-next">{tr("nextStep")}</label>
          <input id="act-next" maxLength={500} value={nextStep.value} onInput={(e) => (nextStep.value = e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="act-notes">{tr("notes")}</label>
          <textarea
            id="act-notes"
            rows={2}
            maxLength={MAX_TEXT}
            value={notes.value}
            onInput={(e) => (notes.value = e.currentTarget.value)}
          />
        </div>
        {error.value && (
          <p class="error" role="alert">
            {error.value}
          </p>
        )}
        <FormActions label={tr("save")} testid="activity-save" busy={busy.value} onCancel={props.onClose} />
      </form>
    </Sheet>
  );
}
