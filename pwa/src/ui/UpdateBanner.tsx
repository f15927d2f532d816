// The update prompt. Accepting activates the waiting version only when no
// change is waiting to be sent — or when the server refuses this version
// (426), since then only the new version can send them. Either way the
// outbox is in IndexedDB and survives the update.

import { effect, useSignal } from "@preact/signals";
import { t } from "../i18n";
import { replica, syncState } from "../replica";
import { applyUpdate, checkForUpdate, updateReady } from "../update";

effect(() => {
  if (syncState.value?.last?.kind === "upgrade") void checkForUpdate();
});

export function UpdateBanner() {
  const busy = useSignal(false);
  const blocked = useSignal(false);
  const dismissed = useSignal(false);
  if (!updateReady.value || dismissed.value) return null;

  const accept = async () => {
    busy.value = true;
    const engine = replica.value?.engine;
    if (engine && engine.snapshot.last?.kind !== "upgrade") {
      if (engine.snapshot.pending > 0) await engine.sync();
      await engine.refresh();
      if (engine.snapshot.pending > 0) {
        blocked.value = true;
        busy.value = false;
        return;
      }
    }
    if (!applyUpdate()) busy.value = false;
  };

  return (
    <div class="banner" role="region" aria-label={t("update.available")}>
      <p>{t("update.available")}</p>
      {blocked.value && <p role="alert">{t("update.pendingFirst")}</p>}
      <div class="row">
        <button type="button" class="btn btn--on-brand" disabled={busy.value} onClick={() => void accept()}>
          {t("update.apply")}
        </button>
        <button type="button" class="btn btn--quiet-on-brand" onClick={() => (dismissed.value = true)}>
          {t("update.later")}
        </button>
      </div>
    </div>
  );
}
