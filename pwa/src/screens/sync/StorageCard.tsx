// The space the app uses on this phone and the space left, read again
// whenever the outbox or the pulled records change; a warning from 80 % of
// the browser's quota (storage.ts).

import { useEffect, useState } from "preact/hooks";
import { formatPercent } from "../../i18n/format";
import { syncState } from "../../replica";
import type { SyncEngine } from "../../sync";
import { Meter } from "../../ui/Meter";
import { tr } from "./messages";
import { bytesText, healthOf, type StorageHealth } from "./storage";

export function StorageCard({ engine }: { engine: SyncEngine }) {
  const s = syncState.value ?? engine.snapshot;
  // undefined while asked; null when the browser tells nothing.
  const [health, setHealth] = useState<StorageHealth | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    const estimate = typeof navigator !== "undefined" ? navigator.storage?.estimate?.bind(navigator.storage) : undefined;
    if (!estimate) {
      setHealth(null);
      return;
    }
    estimate()
      .then((e) => live && setHealth(healthOf(e)))
      .catch(() => live && setHealth(null));
    return () => {
      live = false;
    };
  }, [s.pending, s.dataVersion, s.storageFullAt]);

  if (health === undefined) return null;
  return (
    <section class="card" aria-labelledby="storage-title" data-testid="storage">
      <h2 id="storage-title">{tr("storage.title")}</h2>
      {health === null ? (
        <p class="muted">{tr("storage.unknown")}</p>
      ) : (
        <>
          <dl class="facts">
            <div>
              <dt>{tr("storage.used")}</dt>
              <dd data-testid="storage-used" data-bytes={health.used}>
                {bytesText(health.used)}
              </dd>
            </div>
            <div>
              <dt>{tr("storage.free")}</dt>
              <dd data-testid="storage-free" data-bytes={health.free}>
                {bytesText(health.free)}
              </dd>
            </div>
          </dl>
          <Meter value={health.share} label={tr("storage.share", { pct: formatPercent(health.share) })} text={`${bytesText(health.used)} / ${bytesText(health.quota)}`} />
          {health.warn && (
            <p class="notice" role="alert" data-testid="storage-warn">
              {tr("storage.warn", { pct: formatPercent(health.share) })}
            </p>
          )}
        </>
      )}
    </section>
  );
}
