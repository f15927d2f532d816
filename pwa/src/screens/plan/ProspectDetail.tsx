// One Plan 100 name: what is known of it, its stage in the pipeline, the
// calls and meetings recorded with it, the person's consent record, turning
// it into a customer file (with the consents given), and editing or
// deleting it.

import { useSignal } from "@preact/signals";
import { useMemo } from "preact/hooks";
import {
  isPriority,
  myId,
  prospectOf,
  records,
  STAGES,
  useCollection,
  useActivities,
  useList,
  useLoaded,
  useRecord,
  type Prospect,
  type Stage,
} from "../../data";
import { loadDraft } from "../../data/drafts";
import { newestFirst } from "../../data/interactions";
import { label } from "../../data/labels";
import { go, href } from "../../router";
import { newUUID } from "../../sync";
import { ActivitySheet, RecordButtons, type TapKind } from "../../ui/ActivitySheet";
import { CallLink } from "../../ui/CallLink";
import { LostEdits } from "../../ui/LostEdits";
import { ConsentSection, useConsent, type ConsentController } from "../../ui/Consent";
import { RecordMissing } from "../../ui/RecordMissing";
import { Timeline } from "../../ui/Timeline";
import { conversionChanges, prospectDraft, SCORES } from "./draft";
import { sourceText, tr } from "./messages";
import { ProspectForm } from "./ProspectForm";

/** What an agent records with a name before it becomes a customer file. */
const RECORD_KINDS = ["call", "appointment", "visit"] as const satisfies readonly TapKind[];

const errorMessage = (err: unknown) => tr("failed", { message: err instanceof Error ? err.message : String(err) });

export function ProspectDetail({ id }: { id: string }) {
  const loaded = useLoaded("prospects");
  const p = useRecord("prospects", id, prospectOf);
  if (!p) return <RecordMissing loaded={loaded} back={<BackLink />} notFound={tr("notFound")} loading={tr("loading")} />;
  return <ProspectPage p={p} />;
}

function BackLink() {
  return (
    <a class="plan-back" href={href("plan")}>
      {tr("back")}
    </a>
  );
}

function ProspectPage({ p }: { p: Prospect }) {
  const draftKey = `prospects:${p.id}`;
  // A half-typed edit kept on the device opens the form again, to finish it.
  const editing = useSignal(loadDraft(myId(), draftKey) !== null);
  const sheet = useSignal<TapKind | null>(null);
  const initial = useMemo(() => prospectDraft(p), [p]);
  const consent = useConsent("prospects", p.id);

  return (
    <main class="page">
      <BackLink />
      <h1>{p.name}</h1>
      <LostEdits collection="prospects" id={p.id} version={p} />
      {isPriority(p) && (
        <p>
          <span class="chip chip--ok">{tr("priority")}</span>
        </p>
      )}
      <section class="card" aria-label={tr("edit")}>
        {editing.value ? (
          <ProspectForm
            initial={initial}
            draftKey={draftKey}
            submitLabel={tr("save")}
            consent={consent}
            onSave={async (changes) => {
              await records().put("prospects", p.id, changes);
              editing.value = false;
            }}
            onCancel={() => (editing.value = false)}
          />
        ) : (
          <>
            <Summary p={p} />
            <button type="button" class="btn btn--secondary" onClick={() => (editing.value = true)} data-testid="prospect-edit">
              {tr("edit")}
            </button>
          </>
        )}
      </section>
      <section class="card">
        <StageControl p={p} />
        <h2>{tr("record")}</h2>
        <div class="row">
          <RecordButtons kinds={RECORD_KINDS} onPick={(k) => (sheet.value = k)} />
        </div>
      </section>
      <ConsentSection c={consent} />
      <CustomerFileCard p={p} consent={consent} />
      <History prospectId={p.id} />
      <DeleteButton p={p} />
      {sheet.value && <ActivitySheet kind={sheet.value} prospectId={p.id} onClose={() => (sheet.value = null)} />}
      {consent.sheet}
    </main>
  );
}

function Summary({ p }: { p: Prospect }) {
  const score = (n: number | null) => (n === null ? "–" : String(n));
  return (
    <>
      <dl class="facts">
        <div>
          <dt>{tr("phone")}</dt>
          <dd>{p.phone ? <CallLink phone={p.phone} who={`p:${p.id}`} /> : "–"}</dd>
        </div>
        <div>
          <dt>{tr("source")}</dt>
          <dd>{sourceText(p) || "–"}</dd>
        </div>
        <div>
          <dt>{tr("grade")}</dt>
          <dd>{p.grade ? label("grade", p.grade) : tr("noGrade")}</dd>
        </div>
        {SCORES.map((s) => (
          <div key={s}>
            <dt>{label("score", s)}</dt>
            <dd>{score(p[s])}</dd>
          </div>
        ))}
      </dl>
      {p.notes && <p class="plan-notes">{p.notes}</p>}
    </>
  );
}

/** The pipeline stage, saved as soon as it is chosen. */
function StageControl({ p }: { p: Prospect }) {
  const status = useSignal("");
  const change = async (stage: Stage) => {
    try {
      await records().put("prospects", p.id, { stage });
      status.value = tr("stageSaved", { stage: label("stage", stage) });
    } catch (err) {
      status.value = errorMessage(err);
    }
  };
  return (
    <div class="field">
      <label for="plan-stage">{tr("stage")}</label>
      <select id="plan-stage" value={p.stage} onChange={(e) => void change(e.currentTarget.value as Stage)} data-testid="stage-control">
        {STAGES.map((s) => (
          <option key={s} value={s}>
            {label("stage", s)}
          </option>
        ))}
      </select>
      <p class="muted" role="status" aria-live="polite">
        {status.value}
      </p>
    </div>
  );
}

/** The way to the customer file: open it, or make it from this name (with the consents it was given). */
function CustomerFileCard({ p, consent }: { p: Prospect; consent: ConsentController }) {
  const customers = useCollection("customers");
  const customersLoaded = useLoaded("customers");
  const error = useSignal("");
  // A file deleted since the conversion can be made again.
  const fileId = p.customerId && (!customersLoaded || customers.has(p.customerId)) ? p.customerId : null;

  const convert = async () => {
    const id = newUUID();
    try {
      await records().save(conversionChanges(p, id, consent.state, newUUID));
      go("customers", id);
    } catch (err) {
      error.value = errorMessage(err);
    }
  };

  return (
    <section class="card">
      {fileId ? (
        <button type="button" class="btn btn--secondary btn--block" onClick={() => go("customers", fileId)} data-testid="open-file">
          {tr("openFile")}
        </button>
      ) : (
        <>
          <p class="muted">{tr("convertHint")}</p>
          <button type="button" class="btn btn--primary btn--block" onClick={() => void convert()} data-testid="convert-button">
            {tr("convert")}
          </button>
          <p class="error" role="alert">
            {error.value}
          </p>
        </>
      )}
    </section>
  );
}

function History({ prospectId }: { prospectId: string }) {
  const acts = useActivities();
  const mine = useMemo(() => newestFirst(acts.filter((a) => a.prospectId === prospectId)), [acts, prospectId]);
  const editing = useSignal<string | null>(null);
  const open = editing.value ? mine.find((a) => a.id === editing.value) : undefined;
  return (
    <section class="card" aria-labelledby="plan-history">
      <h2 id="plan-history">{tr("history")}</h2>
      <Timeline items={mine} empty={tr("historyEmpty")} onOpen={(a) => (editing.value = a.id)} />
      {open && <ActivitySheet activity={open} onClose={() => (editing.value = null)} />}
    </section>
  );
}

function DeleteButton({ p }: { p: Prospect }) {
  const error = useSignal("");
  const remove = async () => {
    if (!confirm(tr("confirmDelete", { name: p.name }))) return;
    try {
      await records().put("prospects", p.id, { _deleted: true });
      go("plan");
    } catch (err) {
      error.value = errorMessage(err);
    }
  };
  return (
    <>
      <button type="button" class="btn btn--danger-quiet" onClick={() => void remove()} data-testid="prospect-delete">
        {tr("delete")}
      </button>
      <p class="error" role="alert">
        {error.value}
      </p>
    </>
  );
}
