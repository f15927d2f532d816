// The list of customer files: each file with what it lacks and its latest
// interaction, the search, the orders and the team's completeness aim.
// Pure, so thousands of files are tested here rather than in a browser.

import { activityTime, isInteraction } from "./interactions";
import { missingParts, type Activity, type Customer, type FilePart } from "./model";

/** The share of complete files a team aims at (docs/scoring.md; the server's scoring.CompletenessTarget). */
export const COMPLETE_AIM = 0.8;

export interface FileRow {
  customer: Customer;
  missing: FilePart[];
  /** When the latest counted interaction happened, in ms; 0 without one. */
  lastAt: number;
}

/**
 * One row per customer. Activities are read once: each counted interaction
 * (not voided) goes to the customer it names and to the customer made from
 * the prospect it names, once per customer.
 */
export function fileRows(customers: readonly Customer[], acts: readonly Activity[]): FileRow[] {
  const byProspect = new Map<string, string[]>();
  for (const c of customers) {
    if (c.prospectId) byProspect.set(c.prospectId, [...(byProspect.get(c.prospectId) ?? []), c.id]);
  }
  const count = new Map<string, number>();
  const last = new Map<string, number>();
  for (const a of acts) {
    if (a.voided || !isInteraction(a)) continue;
    const owners = new Set([...(a.customerId ? [a.customerId] : []), ...(a.prospectId ? (byProspect.get(a.prospectId) ?? []) : [])]);
    const at = activityTime(a);
    for (const id of owners) {
      count.set(id, (count.get(id) ?? 0) + 1);
      last.set(id, Math.max(last.get(id) ?? 0, at));
    }
  }
  return customers.map((c) => ({ customer: c, missing: missingParts(c, count.get(c.id) ?? 0), lastAt: last.get(c.id) ?? 0 }));
}

/** Whether a file matches what was typed: part of the name or occupation, or digits of the phone. */
export function matchesFile(c: Customer, query: string): boolean {
  const q = query.trim().toLocaleLowerCase();
  if (!q) return true;
  if (c.name.toLocaleLowerCase().includes(q) || c.occupation.toLocaleLowerCase().includes(q)) return true;
  const digits = q.replace(/[\s+-]/g, "");
  return /^\d+$/.test(digits) && c.phone.replace(/\D/g, "").includes(digits);
}

export type FileOrder = "name" | "incomplete" | "recent";

/**
 * Files in an order: by name; the least complete first (the ones to work on);
 * the latest interaction first (files never contacted last). Ties go by name.
 */
export function sortFiles(rows: readonly FileRow[], order: FileOrder, compareNames: (a: string, b: string) => number): FileRow[] {
  const byName = (a: FileRow, b: FileRow) =>
    compareNames(a.customer.name, b.customer.name) || (a.customer.id < b.customer.id ? -1 : a.customer.id > b.customer.id ? 1 : 0);
  const first = {
    name: () => 0,
    incomplete: (a: FileRow, b: FileRow) => b.missing.length - a.missing.length,
    recent: (a: FileRow, b: FileRow) => b.lastAt - a.lastAt,
  }[order];
  return [...rows].sort((a, b) => first(a, b) || byName(a, b));
}

/** How many files are complete, of how many. */
export function completeness(rows: readonly FileRow[]): { complete: number; total: number } {
  return { complete: rows.filter((r) => r.missing.length === 0).length, total: rows.length };
}

/** How many more files must be complete to reach the aim; 0 once reached. */
export function filesToAim(share: { complete: number; total: number }): number {
  // The small epsilon keeps 0.8 × 5 = 4.000000000000001 from asking for a fifth file.
  return Math.max(0, Math.ceil(COMPLETE_AIM * share.total - 1e-9) - share.complete);
}
