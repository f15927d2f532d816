// Deleting a draft or returned log, after asking on the page itself (a
// thumb's tap away from the button, no browser dialog). A deletion is the
// record's `_deleted: true`, sent like any change, offline too.

import { signal, useSignal } from "@preact/signals";
import { records, type DayLog } from "../../data";
import { formatDay } from "../../i18n";
import { go } from "../../router";
import { tr } from "./messages";

/** What the last deletion was, said once by the list the agent lands on. */
export const deletedNote = signal("");

export function DeleteLog({ log }: { log: DayLog }) {
  const asking = useSignal(false);
  const busy = useSignal(false);
  const error = useSignal("");
  const remove = async () => {
    if (busy.value) return;
    busy.value = true;
    try {
      await records().put("day_logs", log.id, { _deleted: true });
      deletedNote.value = tr("deleted", { day: formatDay(log.date) });
      go("log");
    } catch (err) {
      error.value = String(err);
      busy.value = false;
    }
  };
  return (
    <section class="card log-delete" data-testid="log-delete-box">
      {!asking.value ? (
        <button type="button" class="btn btn--danger-quiet" onClick={() => (asking.value = true)} data-testid="log-delete">
          {tr("delete")}
        </button>
      ) : (
        <div role="alertdialog" aria-labelledby="log-delete-ask">
          <p id="log-delete-ask">{tr("deleteAsk", { day: formatDay(log.date) })}</p>
          <div class="row">
            <button type="button" class="btn btn--danger" disabled={busy.value} onClick={() => void remove()} data-testid="log-delete-yes">
              {tr("deleteYes")}
            </button>
            <button type="button" class="btn btn--secondary" onClick={() => (asking.value = false)} data-testid="log-delete-no">
              {tr("deleteNo")}
            </button>
          </div>
        </div>
      )}
      <p class="error" role="alert">
        {error.value}
      </p>
    </section>
  );
}
