// Always on screen: whether the server answers, how many changes are
// unsent, and when the last sync succeeded. Tapping it opens the sync
// screen (rejected changes, account, language).

import { serverAnswers } from "../api";
import { formatTime, t } from "../i18n";
import { rejected, syncState } from "../replica";
import { href } from "../router";
import { connKey, connOf } from "./status";

export function StatusStrip() {
  const s = syncState.value;
  // Online only while the server answers: a failed request (no answer, or a
  // 5xx) says so until one succeeds again, whatever navigator.onLine says.
  const conn = connOf({ network: navigator.onLine, answered: serverAnswers.value });
  const pending = s?.pending ?? 0;
  const refused = rejected.value.length;
  return (
    <header class="strip">
      <a class="strip__link" href={href("sync")} aria-label={t("strip.open")}>
        {/* conn--offline marks both ways of not reaching the server; data-conn tells them apart. */}
        {/* data-sync: how the last sync of this session ended ("ok" once one has succeeded). */}
        <span class={`conn conn--${conn === "unreachable" ? "offline" : conn}`} data-conn={conn} data-sync={s?.last?.kind ?? ""}>
          <span class="conn__dot" aria-hidden="true" />
          {t(connKey(conn, s?.syncing ?? false))}
        </span>
        <span class="strip__fact" data-pending={pending}>
          {t("strip.pending", { count: pending })}
        </span>
        {s?.last?.kind === "error" && s.last.code === "insufficient_storage" && (
          <span class="strip__fact strip__fact--bad" data-server-full="">
            {t("strip.serverFull")}
          </span>
        )}
        {refused > 0 && (
          <span class="strip__fact strip__fact--bad" data-rejected={refused}>
            {t("strip.rejected", { count: refused })}
          </span>
        )}
        {s?.history && s.syncing && (
          <span class="strip__fact" data-history>
            {t("strip.history")}
          </span>
        )}
        <span class="strip__fact">
          {s?.lastSyncAt ? t("strip.lastSync", { time: formatTime(s.lastSyncAt) }) : t("sync.never")}
        </span>
      </a>
    </header>
  );
}
