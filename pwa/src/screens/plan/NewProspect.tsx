// Adding a name to Plan 100. The name and its 获客 activity are saved in one
// transaction: adding a name is the prospecting the weekly table counts. Its
// id is chosen first, so that consent recorded while the form is open is the
// new name's.

import { useMemo } from "preact/hooks";
import { teamZone } from "../../api";
import { records } from "../../data";
import { go, href } from "../../router";
import { newUUID, type Fields } from "../../sync";
import { rfc3339In } from "../../time";
import { useConsent } from "../../ui/Consent";
import { EMPTY_PROSPECT, newProspectChanges } from "./draft";
import { tr } from "./messages";
import { ProspectForm } from "./ProspectForm";
import { justAdded } from "./ProspectList";

export function NewProspect() {
  const id = useMemo(() => newUUID(), []);
  const consent = useConsent("prospects", id);
  const save = async (fields: Fields) => {
    await records().save(newProspectChanges(fields, { prospect: id, activity: newUUID() }, rfc3339In(Date.now(), teamZone.value)));
    justAdded.value = { id, name: String(fields["name"]) };
    go("plan");
  };
  return (
    <main class="page">
      <a class="plan-back" href={href("plan")}>
        {tr("back")}
      </a>
      <h1>{tr("newTitle")}</h1>
      <section class="card">
        <ProspectForm
          initial={EMPTY_PROSPECT}
          draftKey="prospects:new"
          submitLabel={tr("create")}
          consent={consent}
          onSave={save}
          onCancel={() => go("plan")}
        />
      </section>
      {consent.sheet}
    </main>
  );
}
