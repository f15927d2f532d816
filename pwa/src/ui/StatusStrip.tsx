// Always on screen: online or offline, how many changes are unsent, and
// when the last sync succeeded. Tapping it opens the sync screen (rejected
// changes, account, language).

import { formatTime, t } from "../i18n";
import { rejected, syncState } from "../replica";
import { href } from "../router";

export function StatusStrip() {
  const s = syncState.value;
  // A failed request decides: with the server down navigator.onLine stays true.
  const online = s?.online ?? (navigator.onLine ? null : false);
  const conn = online === null ? "unknown" : online ? "online" : "offline";
  const pending = s?.pending ?? 0;
  const refused = rejected.value.length;
  return (
    <header class="strip">
      <a class="strip__link" href={href("sync")} aria-label={t("strip.open")}>
        <span class={`conn conn--${conn}`} data-conn={conn}>
          <span class="conn__dot" aria-hidden="true" />
          {s?.syncing ? t("sync.syncing") : t(`sync.${conn}`)}
        </span>
        <span class="strip__fact" data-pending={pending}>
          {t("strip.pending", { count: pending })}
        </span>
        {refused > 0 && (
          <span class="strip__fact strip__fact--bad" data-rejected={refused}>
            {t("strip.rejected", { count: refused })}
          </span>
        )}
        <span class="strip__fact">
          {s?.lastSyncAt ? t("strip.lastSync", { time: formatTime(s.lastSyncAt) }) : t("sync.never")}
        </span>
      </a>
    </header>
  );
}
