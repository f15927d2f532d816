import assert from "node:assert/strict";
import { test } from "node:test";
import { exportFilename, exportPath, filenameFromDisposition } from "./exports";

test("export paths name the period, and the team only when given", () => {
  assert.equal(exportPath("weekly", "xlsx", "2026-11-23", null), "/api/exports/weekly?format=xlsx&date=2026-11-23");
  assert.equal(exportPath("monthly", "csv", "2026-11", "t-1"), "/api/exports/monthly?format=csv&month=2026-11&team_id=t-1");
});

test("file names follow the ISO week and the month", () => {
  assert.equal(exportFilename("weekly", "xlsx", "2026-11-23"), "fieldbook-weekly-2026-W48.xlsx");
  assert.equal(exportFilename("weekly", "csv", "2026-11-29"), "fieldbook-weekly-2026-W48.csv");
  assert.equal(exportFilename("weekly", "xlsx", "2027-01-01"), "fieldbook-weekly-2026-W53.xlsx");
  assert.equal(exportFilename("monthly", "csv", "2026-11"), "fieldbook-monthly-2026-11.csv");
});

test("the server's plain file name is used when it is a safe one", () => {
  const h = `attachment; filename="fieldbook-weekly-2026-W48.csv"; filename*=UTF-8''%E6%BC%94.csv`;
  assert.equal(filenameFromDisposition(h), "fieldbook-weekly-2026-W48.csv");
  assert.equal(filenameFromDisposition(`attachment; filename="../etc/passwd.csv"`), null);
  assert.equal(filenameFromDisposition(`attachment; filename="report.exe"`), null);
  assert.equal(filenameFromDisposition(null), null);
});
