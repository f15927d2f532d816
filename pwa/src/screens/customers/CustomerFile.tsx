// One customer file: how complete it is and what it lacks, recording an
// interaction, the person's consent record, the file itself (profile,
// family, needs, notes: the groups without consent locked), and the
// interaction history — this customer's activities and those of the Plan
// 100 name it came from.

import { useSignal } from "@preact/signals";
import { useMemo } from "preact/hooks";
import {
  customerOf,
  FILE_PARTS,
  missingParts,
  records,
  useActivities,
  useList,
  useLoaded,
  useRecord,
  type Activity,
  type Customer,
} from "../../data";
import { countedInteractions, interactionsOf } from "../../data/interactions";
import { href } from "../../router";
import { ActivitySheet, RecordButtons, type TapKind } from "../../ui/ActivitySheet";
import { CallLink } from "../../ui/CallLink";
import { LostEdits } from "../../ui/LostEdits";
import { ConsentSection, useConsent } from "../../ui/Consent";
import { missingText } from "../../ui/customerFile";
import { Meter } from "../../ui/Meter";
import { RecordMissing } from "../../ui/RecordMissing";
import { Timeline } from "../../ui/Timeline";
import { CustomerForm } from "./CustomerForm";
import { customerDraft } from "./draft";
import { tr } from "./messages";

/** What an agent records with a customer. */
const RECORD_KINDS = ["visit", "sales_interview", "closing_interview", "deal"] as const satisfies readonly TapKind[];

export function CustomerFile({ id }: { id: string }) {
  const loaded = useLoaded("customers");
  const c = useRecord("customers", id, customerOf);
  if (!c) return <RecordMissing loaded={loaded} back={<BackLink />} notFound={tr("notFound")} loading={tr("loading")} />;
  return <FilePage c={c} />;
}

function BackLink() {
  return (
    <a class="customers-back" href={href("customers")}>
      {tr("back")}
    </a>
  );
}

function FilePage({ c }: { c: Customer }) {
  const sheet = useSignal<TapKind | null>(null);
  const editing = useSignal<string | null>(null);
  const acts = useActivities();
  const interactions = useMemo(() => interactionsOf(acts, c), [acts, c]);
  const initial = useMemo(() => customerDraft(c), [c]);
  const consent = useConsent("customers", c.id);

  return (
    <main class="page">
      <BackLink />
      <h1>{c.name}</h1>
      <LostEdits collection="customers" id={c.id} version={c} />
      {c.phone && (
        <p data-testid="customer-phone">
          <span class="muted">{tr("phone")}</span> <CallLink phone={c.phone} who={`c:${c.id}`} />
        </p>
      )}
      {c.prospectId && (
        <p>
          {tr("fromPlan")}
          <a href={href("plan", c.prospectId)}>{tr("openProspect")}</a>
        </p>
      )}
      <section class="card">
        <Completeness c={c} interactions={interactions} />
        <h2>{tr("record")}</h2>
        <div class="customers-grid">
          <RecordButtons kinds={RECORD_KINDS} onPick={(k) => (sheet.value = k)} />
        </div>
      </section>
      <ConsentSection c={consent} />
      <CustomerForm
        initial={initial}
        draftKey={`customers:${c.id}`}
        submitLabel={tr("save")}
        consent={consent}
        onSave={(changes) => records().put("customers", c.id, changes)}
      />
      <section class="card" aria-labelledby="cust-history">
        <h2 id="cust-history">{tr("history")}</h2>
        <Timeline items={interactions} empty={tr("historyEmpty")} onOpen={(a) => (editing.value = a.id)} />
      </section>
      {sheet.value && <ActivitySheet kind={sheet.value} customerId={c.id} onClose={() => (sheet.value = null)} />}
      <EditSheet acts={interactions} id={editing.value} onClose={() => (editing.value = null)} />
      {consent.sheet}
    </main>
  );
}

/** The sheet that edits one of the file's interactions, while it is there. */
function EditSheet({ acts, id, onClose }: { acts: readonly Activity[]; id: string | null; onClose: () => void }) {
  const a = id ? acts.find((x) => x.id === id) : undefined;
  return a ? <ActivitySheet activity={a} onClose={onClose} /> : null;
}

/** The file's completeness as saved, naming what it lacks. */
function Completeness({ c, interactions }: { c: Customer; interactions: readonly Activity[] }) {
  const missing = missingParts(c, countedInteractions(interactions));
  const have = FILE_PARTS.length - missing.length;
  return (
    <div data-testid="completeness-meter" data-missing={missing.join(" ")}>
      <Meter value={have / FILE_PARTS.length} label={tr("completeness")} text={`${have}/${FILE_PARTS.length}`} />
      <p class={missing.length > 0 ? "muted" : ""}>{missing.length > 0 ? missingText(missing) : tr("completeNote")}</p>
    </div>
  );
}
