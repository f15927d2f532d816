// The space the app uses on the phone and the space left, from
// navigator.storage.estimate() (pure, so the Node tests can check it).
// The browser's quota is what the app may still use: past WARN_AT of it, a
// write may soon fail for lack of space, so the sync screen warns.

import { formatNumber } from "../../i18n/format";

/** The share of the quota past which the sync screen warns. */
export const WARN_AT = 0.8;

export interface StorageHealth {
  /** Bytes the app's origin uses. */
  used: number;
  /** Bytes the browser lets it use in all. */
  quota: number;
  /** Bytes left: quota − used, never below 0. */
  free: number;
  /** used / quota, 0…1. */
  share: number;
  /** Whether share has reached WARN_AT. */
  warn: boolean;
}

/** The health of an estimate; null when the browser gives no usable quota. */
export function healthOf(e: { usage?: number | undefined; quota?: number | undefined } | null | undefined): StorageHealth | null {
  const quota = e?.quota;
  if (typeof quota !== "number" || !Number.isFinite(quota) || quota <= 0) return null;
  const used = Math.max(0, typeof e?.usage === "number" && Number.isFinite(e.usage) ? e.usage : 0);
  const share = Math.min(1, used / quota);
  return { used, quota, free: Math.max(0, quota - used), share, warn: share >= WARN_AT };
}

const UNITS = ["B", "KB", "MB", "GB", "TB"] as const;

/** A size in bytes as a person reads it: 820 KB, 35.2 MB, 1.5 GB (units of 1,024). */
export function bytesText(n: number): string {
  let v = Math.max(0, n);
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  return `${formatNumber(v, u === 0 || v >= 100 ? 0 : 1)} ${UNITS[u]}`;
}
