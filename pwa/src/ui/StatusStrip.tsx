// Always on screen: whether the server answers, how many changes are
// unsent, and when the last sync succeeded. Tapping it opens the sync
// screen (rejected changes, account, language). When the outbox has
// stalled — changes unsent for over ten minutes while the server answers
// (stall.ts) — a notice below says why, with "send now" and a link to
// saving them to a file.

import { useEffect, useState } from "preact/hooks";
import { serverAnswers } from "../api";
import { formatTime, t } from "../i18n";
import { rejected, replica, syncState } from "../replica";
import { href } from "../router";
import { stallKey, stallOf, type Stall } from "./stall";
import { connKey, connOf } from "./status";

/** How often the strip looks at the clock again (a stall begins with no event). */
const TICK_MS = 5_000;

/** Renders again every TICK_MS, so that what depends on the clock is read again. */
function useTick(): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    const id = setInterval(() => setTick((n) => n + 1), TICK_MS);
    return () => clearInterval(id);
  }, []);
}

export function StatusStrip() {
  const s = syncState.value;
  // Online only while the server answers: a failed request (no answer, or a
  // 5xx) says so until one succeeds again, whatever navigator.onLine says.
  const conn = connOf({ network: navigator.onLine, answered: serverAnswers.value });
  const pending = s?.pending ?? 0;
  const refused = rejected.value.length;
  useTick();
  const stall = stallOf(s, Date.now(), navigator.onLine);
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
        {s?.storageFullAt && (
          <span class="strip__fact strip__fact--bad" role="alert" data-storage-full="">
            {t("strip.storageFull")}
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
      {stall && <StallNotice stall={stall} syncing={s?.syncing ?? false} />}
    </header>
  );
}

function StallNotice({ stall, syncing }: { stall: Stall; syncing: boolean }) {
  const r = stall.reason;
  const params = { status: "status" in r ? r.status : "", code: "code" in r ? r.code : "", message: "message" in r ? r.message : "" };
  return (
    <div class="strip__stall notice" role="alert" data-stalled={stall.pending} data-reason={r.kind}>
      <p>
        {t("stall.title", { count: stall.pending, minutes: stall.minutes })} {t(stallKey(r), params)} {t("stall.kept")}
      </p>
      <div class="strip__actions">
        <button type="button" class="btn btn--primary" disabled={syncing} onClick={() => void replica.value?.engine.sync()} data-testid="stall-send">
          {syncing ? t("sync.syncing") : t("stall.sendNow")}
        </button>
        <a class="btn btn--quiet" href={href("sync", "save")} data-testid="stall-save">
          {t("stall.save")}
        </a>
      </div>
    </div>
  );
}
