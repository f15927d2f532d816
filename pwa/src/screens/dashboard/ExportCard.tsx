// Downloads of the weekly 100-point table and the monthly review as .xlsx
// or CSV. The server wants the Authorization header, so a plain link will
// not do: the file is fetched, then saved through an object URL on a
// temporary <a download>. Offline, the supervisor is told plainly.

import { useState } from "preact/hooks";
import { ApiError, apiError, authedFetch, session } from "../../api";
import { formatMonth, formatPeriod } from "../../i18n/format";
import type { Period } from "../../scoring/period";
import { OfflineError } from "../../sync";
import type { TeamView } from "../../ui/TeamGate";
import { exportFilename, exportPath, filenameFromDisposition, type Format, type Report } from "./exports";
import { tr } from "./messages";
import { saveBlob } from "../../remote/download";

type Status = { kind: "idle" } | { kind: "busy"; file: string } | { kind: "done"; file: string } | { kind: "error"; message: string };

const ACCEPT: Record<Format, string> = {
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  csv: "text/csv",
};

/** Fetches an export and saves it; returns the file's name. Throws OfflineError or ApiError. */
async function download(report: Report, format: Format, at: string, teamId: string | null): Promise<string> {
  const res = await authedFetch(exportPath(report, format, at, teamId), { headers: { Accept: ACCEPT[format] } });
  // An error answer whose body is cut off is still an error answer.
  if (!res.ok) throw await apiError(res).catch(() => new ApiError(res.status, "", ""));
  const blob = await res.blob().catch((err: unknown) => {
    throw new OfflineError("download cut off", err);
  });
  const name = filenameFromDisposition(res.headers.get("Content-Disposition")) ?? exportFilename(report, format, at);
  saveBlob(blob, name);
  return name;
}

export function ExportCard({ team, week }: { team: TeamView; week: Period }) {
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  // The monthly review of the month the week counts in: the month of its Monday.
  const month = week.start.slice(0, 7);
  const teamId = team.named ? team.id : null;

  const run = async (report: Report, format: Format) => {
    const at = report === "weekly" ? week.start : month;
    setStatus({ kind: "busy", file: exportFilename(report, format, at) });
    try {
      const file = await download(report, format, at, teamId);
      setStatus({ kind: "done", file });
    } catch (err) {
      if (err instanceof OfflineError) setStatus({ kind: "error", message: tr("exports.offline") });
      else if (err instanceof ApiError && err.status === 401 && !session.value) setStatus({ kind: "error", message: tr("exports.signedOut") });
      else setStatus({ kind: "error", message: tr("exports.failed", { message: err instanceof Error ? err.message : String(err) }) });
    }
  };

  const busy = status.kind === "busy";
  const group = (report: Report, title: string) => (
    <div class="dash-export" role="group" aria-labelledby={`export-${report}`}>
      <h3 class="dash-h3" id={`export-${report}`}>
        {title}
      </h3>
      <div class="row">
        {(["xlsx", "csv"] as const).map((format) => (
          <button
            key={format}
            type="button"
            class={`btn ${format === "xlsx" ? "btn--primary" : "btn--secondary"}`}
            data-testid={`export-${report}-${format}`}
            disabled={busy}
            onClick={() => void run(report, format)}
          >
            {tr(format === "xlsx" ? "exports.xlsx" : "exports.csv")}
          </button>
        ))}
      </div>
    </div>
  );

  return (
    <section class="card" aria-labelledby="dash-exports">
      <h2 id="dash-exports">{tr("exports.title")}</h2>
      <p class="muted dash-small">{tr("exports.note")}</p>
      <div class="dash-exports">
        {group("weekly", tr("exports.weekly", { week: formatPeriod(week) }))}
        {group("monthly", tr("exports.monthly", { month: formatMonth(month) }))}
      </div>
      <p role="status" class="dash-export-status" data-testid="export-status" data-state={status.kind}>
        {status.kind === "busy" && tr("exports.busy", { file: status.file })}
        {status.kind === "done" && tr("exports.done", { file: status.file })}
      </p>
      {status.kind === "error" && (
        <p class="error" role="alert" data-testid="export-error">
          {status.message}
        </p>
      )}
    </section>
  );
}
