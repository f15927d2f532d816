// Sync and account: the connection, unsent changes, last sync, the changes
// the server refused (fix and resend, or discard), what this phone holds,
// the language and signing out.

import { replica } from "../../replica";
import { AccountBar } from "../../ui/AccountBar";
import { tr } from "./messages";
import { RecordCounts } from "./RecordCounts";
import { RejectedList } from "./RejectedList";
import { StatusPanel } from "./StatusPanel";

export default function SyncScreen() {
  const r = replica.value;
  if (!r) return null;
  return (
    <>
      <AccountBar />
      <main class="page">
        <h1 class="visually-hidden">{tr("status.title")}</h1>
        <StatusPanel engine={r.engine} />
        <RejectedList engine={r.engine} />
        <RecordCounts store={r.engine.store} />
      </main>
    </>
  );
}
