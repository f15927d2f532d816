// The wire format of `POST /api/sync`, protocol versions 1 and 2 (docs/protocol.md).

import type { Fields, Stamps } from "./merge";

/**
 * The newest version the app speaks. In 2 an answer leaves out of its records
 * what the request's own changes wrote as they were sent (the value with the
 * change's stamp): the app takes each change the server applied into its copy
 * itself (`echoesOf`).
 */
export const PROTOCOL_VERSION = 3;
/** The versions the app speaks, newest first: a server that speaks only an older one is answered in it. */
export const PROTOCOL_VERSIONS: readonly number[] = [3, 2, 1];
/** Most changes one request may carry (the server answers 413 beyond). */
export const MAX_CHANGES_PER_REQUEST = 500;
/** Most records asked for per answer. */
export const PULL_LIMIT = 500;

/** One change a client made: one stamp for all the fields it writes. */
export interface Change {
  seq: number;
  collection: string;
  id: string;
  hlc: string;
  fields: Fields;
}

export interface SyncRequest {
  protocol: number;
  client_id: string;
  cursor: string;
  changes: Change[];
  limit: number;
}

/** Reasons the server gives for rejecting a change. */
export type RejectCode = "invalid" | "forbidden" | "unknown_collection" | "clock_skew" | "stale" | "consent_required" | "too_large";

export interface ChangeResult {
  seq: number;
  status: "applied" | "duplicate" | "rejected";
  code?: string;
  message?: string;
}

/** A record's current state on the server. */
export interface PulledRecord {
  collection: string;
  id: string;
  fields: Fields;
  stamps: Stamps;
}

export type ResetReason = "scope" | "restored" | "cursor" | "departed";

export interface SyncResponse {
  results: ChangeResult[];
  records: PulledRecord[];
  cursor: string;
  more: boolean;
  reset: boolean;
  reset_reason?: ResetReason;
  /**
   * Protocol 3, in a first pull (docs/protocol.md §5.4): the pass the next page
   * brings. "history" once this week's records and the review queue are all in.
   */
  phase?: "recent" | "history";
  server_time: number;
}

/** The body of every error answer. */
export interface ErrorBody {
  error: { code: string; message: string };
  last_seq?: number;
  /** With 426: the protocol versions the server speaks. */
  versions?: number[];
}

/**
 * The records a protocol-2 answer leaves out: each change sent whose result is
 * applied or duplicate, as the server merged it — its fields with its stamp.
 * Merged with the answer's records, they give the copy a protocol-1 answer gives.
 */
export function echoesOf(sent: readonly Change[], results: readonly ChangeResult[]): PulledRecord[] {
  const settled = new Set(results.filter((r) => r.status === "applied" || r.status === "duplicate").map((r) => r.seq));
  return sent
    .filter((c) => settled.has(c.seq))
    .map((c) => ({
      collection: c.collection,
      id: c.id,
      fields: c.fields,
      stamps: Object.fromEntries(Object.keys(c.fields).map((name) => [name, c.hlc])),
    }));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Checks the shape of a 200 answer before anything is written locally: a
 * proxy's HTML page or a truncated body must not clear the replica.
 */
export function parseSyncResponse(body: unknown): SyncResponse {
  if (!isObject(body)) throw new TypeError("sync: answer is not an object");
  const { results = [], records = [], cursor, more = false, reset = false, reset_reason, phase, server_time } = body;
  if (!Array.isArray(results) || !Array.isArray(records)) throw new TypeError("sync: results/records not arrays");
  if (typeof cursor !== "string") throw new TypeError("sync: cursor missing");
  if (typeof more !== "boolean" || typeof reset !== "boolean") throw new TypeError("sync: more/reset not booleans");
  if (typeof server_time !== "number") throw new TypeError("sync: server_time missing");
  for (const r of results) {
    if (!isObject(r) || typeof r["seq"] !== "number" || typeof r["status"] !== "string") {
      throw new TypeError("sync: malformed result");
    }
  }
  for (const r of records) {
    if (
      !isObject(r) ||
      typeof r["collection"] !== "string" ||
      typeof r["id"] !== "string" ||
      !isObject(r["fields"]) ||
      !isObject(r["stamps"])
    ) {
      throw new TypeError("sync: malformed record");
    }
  }
  return {
    results: results as ChangeResult[],
    records: records as PulledRecord[],
    cursor,
    more,
    reset,
    ...(typeof reset_reason === "string" ? { reset_reason: reset_reason as ResetReason } : {}),
    ...(phase === "recent" || phase === "history" ? { phase } : {}),
    server_time,
  };
}

/** Reads `{"error": {"code", "message"}, "last_seq"?}`; null for any other body. */
export function parseErrorBody(body: unknown): ErrorBody | null {
  if (!isObject(body) || !isObject(body["error"])) return null;
  const { code, message } = body["error"];
  if (typeof code !== "string") return null;
  const out: ErrorBody = { error: { code, message: typeof message === "string" ? message : "" } };
  if (typeof body["last_seq"] === "number") out.last_seq = body["last_seq"];
  const versions = body["versions"];
  if (Array.isArray(versions) && versions.every((v) => typeof v === "number")) out.versions = versions;
  return out;
}
