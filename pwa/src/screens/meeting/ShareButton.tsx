// "保存为图片": the weekly standings, or the morning meeting's summary, as
// a PNG the supervisor posts to the team's chat group. The drawing code (tableImage.ts) is loaded on the
// first tap. The image is downloaded (an <a download> of a blob URL) and,
// where the browser can share files (navigator.share), offered to share
// too; a preview shows what was made.

import { useEffect, useState } from "preact/hooks";
import { saveBlob } from "../../remote/download";
import { tr } from "./messages";
import type { ShareTable } from "./tableImage";

interface Made {
  blob: Blob;
  url: string;
  name: string;
  width: number;
  height: number;
  /** The row labels drawn (names or aliases), for the browser test. */
  labels: string[];
  /** Whether the browser can share this file. */
  shareable: boolean;
}

export function ShareButton({ table, name }: { table: () => ShareTable; name: string }) {
  const [made, setMade] = useState<Made | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  useEffect(() => () => made && URL.revokeObjectURL(made.url), [made]);

  const make = async () => {
    setBusy(true);
    setError("");
    try {
      const { tableImage, IMAGE_WIDTH, imageHeight } = await import("./tableImage");
      const t = table();
      const blob = await tableImage(t);
      saveBlob(blob, name);
      const file = new File([blob], name, { type: "image/png" });
      const shareable = typeof navigator.canShare === "function" && navigator.canShare({ files: [file] });
      setMade({ blob, url: URL.createObjectURL(blob), name, width: IMAGE_WIDTH, height: imageHeight(t.rows.length, t.lead !== ""), labels: t.rows.map((r) => r.cells[t.who] ?? ""), shareable });
    } catch (err) {
      setError(tr("share.failed", { message: err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(false);
    }
  };

  const share = async () => {
    if (!made) return;
    try {
      await navigator.share({ files: [new File([made.blob], made.name, { type: "image/png" })], title: made.name });
    } catch (err) {
      // Closing the share sheet is no error.
      if (!(err instanceof DOMException && err.name === "AbortError")) setError(tr("share.failed", { message: err instanceof Error ? err.message : String(err) }));
    }
  };

  return (
    <div class="meeting-share" data-testid="share-image">
      <div class="meeting-share__actions">
        <button type="button" class="btn btn--secondary" disabled={busy} onClick={() => void make()} data-testid="share-make">
          {busy ? tr("share.making") : tr("share.make")}
        </button>
        {made?.shareable && (
          <button type="button" class="btn btn--primary" onClick={() => void share()} data-testid="share-send">
            {tr("share.share")}
          </button>
        )}
      </div>
      {made && (
        <>
          <p role="status" data-testid="share-saved" data-file={made.name} data-width={made.width} data-height={made.height} data-labels={JSON.stringify(made.labels)}>
            {tr("share.saved", { name: made.name, width: made.width, height: made.height })}
          </p>
          <img class="meeting-share__preview" src={made.url} alt={tr("share.preview")} width={made.width} height={made.height} />
        </>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
