// Sync and account: the connection, unsent changes, last sync, the changes
// the server refused (fix and resend, or discard), saving the unsent ones
// to a file for an admin to import, the storage the app uses and has left
// (a warning when nearly full), what this phone holds,
// the language and signing out; for a supervisor or an admin, whose account
// lives here, the app PIN's settings too (an agent's are on 我的).

import { session } from "../../api";
import { replica } from "../../replica";
import { AccountBar } from "../../ui/AccountBar";
import { PinSettings } from "../../ui/PinSettings";
import { tr } from "./messages";
import { RecordCounts } from "./RecordCounts";
import { RejectedList } from "./RejectedList";
import { SaveOutbox } from "./SaveOutbox";
import { StatusPanel } from "./StatusPanel";
import { StorageCard } from "./StorageCard";

export default function SyncScreen() {
  const r = replica.value;
  if (!r) return null;
  const role = session.value?.user.role;
  return (
    <>
      <AccountBar />
      <main class="page">
        <h1 class="visually-hidden">{tr("status.title")}</h1>
        <StatusPanel engine={r.engine} />
        <RejectedList engine={r.engine} />
        <SaveOutbox engine={r.engine} />
        <StorageCard engine={r.engine} />
        <RecordCounts store={r.engine.store} />
        {(role === "supervisor" || role === "admin") && <PinSettings />}
      </main>
    </>
  );
}
