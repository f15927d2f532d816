// The sync-status screen: connection, unsent changes, last sync, records
// held here, rejected changes — and a quick activity form, so that this
// milestone has real changes to send.

import { t } from "../../i18n";
import { replica, replicaError } from "../../replica";
import { AccountBar } from "../../ui/AccountBar";
import { ActivityForm } from "./ActivityForm";
import { RecordCounts } from "./RecordCounts";
import { RejectedList } from "./RejectedList";
import { StatusPanel } from "./StatusPanel";

export default function SyncScreen() {
  const r = replica.value;
  return (
    <>
      <AccountBar />
      <main class="page">
        <h1 class="visually-hidden">{t("sync.title")}</h1>
        {replicaError.value && (
          <p class="error" role="alert">
            {replicaError.value}
          </p>
        )}
        {r ? (
          <>
            <StatusPanel engine={r.engine} />
            <ActivityForm engine={r.engine} />
            <RejectedList engine={r.engine} />
            <RecordCounts />
          </>
        ) : (
          !replicaError.value && <p class="muted">{t("app.loading")}</p>
        )}
      </main>
    </>
  );
}
