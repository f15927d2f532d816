import { serverAnswers } from "../../api";
import { formatDateTime, formatTime, t } from "../../i18n";
import { syncState } from "../../replica";
import type { SyncEngine, SyncOutcome } from "../../sync";
import { connOf } from "../../ui/status";
import { tr } from "./messages";

function outcomeText(o: SyncOutcome | null): string {
  switch (o?.kind) {
    case undefined:
      return "";
    case "ok":
      return tr("status.ok");
    case "offline":
      return tr("status.offlineNote");
    case "auth":
      return tr("status.authNeeded");
    case "forbidden":
      return tr("status.forbidden", { message: o.message });
    case "upgrade":
      return tr("status.upgrade");
    case "departed":
      return tr("status.departed");
    case "error":
      if (o.code === "insufficient_storage") return tr("status.serverFull");
      return tr("status.error", { status: o.status, code: o.code, message: o.message });
  }
}

export function StatusPanel({ engine }: { engine: SyncEngine }) {
  const s = syncState.value ?? engine.snapshot;
  // What the status strip says: online only while the server answers (a
  // request with no answer, or a 5xx, says it cannot be reached).
  const conn = connOf({ network: navigator.onLine, answered: serverAnswers.value });
  const problem = s.last && s.last.kind !== "ok";

  return (
    <section class="card" aria-labelledby="status-title">
      <h2 id="status-title">{tr("status.title")}</h2>
      <p class={`conn conn--${conn === "unreachable" ? "offline" : conn}`} data-conn={conn} role="status">
        <span class="conn__dot" aria-hidden="true" />
        {t(`sync.${conn}`)}
      </p>
      <dl class="facts">
        <div>
          <dt>{tr("status.pending")}</dt>
          <dd class="facts__num">{s.pending}</dd>
        </div>
        <div>
          <dt>{tr("status.lastSync")}</dt>
          <dd>{s.lastSyncAt ? formatDateTime(s.lastSyncAt) : t("sync.never")}</dd>
        </div>
      </dl>
      <p class={problem ? "notice" : "muted"} role="status" aria-live="polite">
        {s.syncing ? t("sync.syncing") : outcomeText(s.last)}
        {!s.syncing && s.retryAt ? ` ${tr("status.retryAt", { time: formatTime(s.retryAt) })}` : ""}
      </p>
      <button type="button" class="btn btn--primary btn--block" disabled={s.syncing} onClick={() => void engine.sync()}>
        {s.syncing ? t("sync.syncing") : tr("status.now")}
      </button>
    </section>
  );
}
