// "Save unsent changes to a file" (保存未发送的更改到文件): while changes wait
// to be sent, the phone's outbox saved as the file an admin imports
// (docs/api.md §4.6) — the last resort when the server cannot be reached.
// The changes stay in the outbox: the import makes them duplicates, which
// the next sync drops.

import { useEffect, useRef, useState } from "preact/hooks";
import { session } from "../../api";
import { syncState } from "../../replica";
import { route } from "../../router";
import { saveBlob } from "../../remote/download";
import { outboxFileName, outboxFiles, type SyncEngine } from "../../sync";
import { tr } from "./messages";

export function SaveOutbox({ engine }: { engine: SyncEngine }) {
  const pending = (syncState.value ?? engine.snapshot).pending;
  const [saved, setSaved] = useState<{ count: number; names: string[] } | null>(null);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const user = session.value?.user;
  // #/sync/save (the status strip's link when the outbox has stalled) brings this card into view.
  const ref = useRef<HTMLElement>(null);
  const asked = route.value.params[0] === "save";
  const shown = pending > 0 || saved !== null;
  useEffect(() => {
    if (asked && shown) ref.current?.scrollIntoView({ block: "center" });
  }, [asked, shown]);
  if (!user || (pending === 0 && !saved)) return null;

  const save = async () => {
    setBusy(true);
    setError("");
    try {
      const meta = await engine.store.meta();
      const entries = await engine.store.outboxAll();
      const files = outboxFiles(meta.clientId, { id: user.id, username: user.username, name: user.name }, entries, new Date());
      for (const f of files) saveBlob(new Blob([JSON.stringify(f)], { type: "application/json" }), outboxFileName(f));
      setSaved({ count: entries.length, names: files.map(outboxFileName) });
    } catch (err) {
      setError(tr("outboxFile.failed", { message: err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section ref={ref} class="card" aria-labelledby="outbox-file-title" data-testid="outbox-file">
      <h2 id="outbox-file-title">{tr("outboxFile.title")}</h2>
      <p class="muted">{tr("outboxFile.intro", { n: pending })}</p>
      <button type="button" class="btn btn--secondary btn--block" disabled={busy || pending === 0} onClick={() => void save()} data-testid="outbox-save">
        {tr("outboxFile.save")}
      </button>
      {saved && (
        <p role="status" data-testid="outbox-saved" data-files={saved.names.join(" ")}>
          {tr("outboxFile.saved", { n: saved.count, files: saved.names.length, names: saved.names.join(tr("outboxFile.sep")) })}
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
