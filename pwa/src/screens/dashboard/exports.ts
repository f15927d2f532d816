// The exports a supervisor downloads (server/exports.go): the weekly
// 100-point table and the monthly review, as .xlsx or CSV, for their own
// team (an admin names the team). Pure: the download itself is the
// component's.

import { isoWeek } from "../../scoring/period";

export type Report = "weekly" | "monthly";
export type Format = "xlsx" | "csv";

/**
 * The endpoint of an export. `at` is a day (YYYY-MM-DD) of the week for the
 * weekly table, a month (YYYY-MM) for the review; teamId is sent only when
 * given (admins must name the team; a supervisor's is their own).
 */
export function exportPath(report: Report, format: Format, at: string, teamId: string | null): string {
  const q = new URLSearchParams({ format, [report === "weekly" ? "date" : "month"]: at });
  if (teamId) q.set("team_id", teamId);
  return `/api/exports/${report}?${q.toString()}`;
}

/** The file's name: fieldbook-weekly-2026-W48.xlsx, fieldbook-monthly-2026-11.csv. */
export function exportFilename(report: Report, format: Format, at: string): string {
  return `fieldbook-${report}-${report === "weekly" ? isoWeek(at) : at.slice(0, 7)}.${format}`;
}

/**
 * The plain filename="…" of a Content-Disposition header when it is a safe
 * one (letters, digits, dot, dash, underscore), else null. The server's
 * ASCII name is the same as exportFilename's; it wins when present, as it
 * knows the team's week.
 */
export function filenameFromDisposition(header: string | null): string | null {
  const m = /(?:^|;)\s*filename="?([^";]+)"?/i.exec(header ?? "");
  const name = m?.[1]?.trim() ?? "";
  return /^[\w][\w.-]*\.(xlsx|csv)$/.test(name) ? name : null;
}
