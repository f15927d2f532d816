// The register of data subjects' requests (docs/api.md "Privacy"): the
// answer of GET /api/privacy/requests read for the screens that list it
// (the agent's 我的, the admin's tab, the supervisor's dashboard card and
// register), and the calls that record a request (an agent about their own
// people, a supervisor or an admin from a customer file opened on
// purpose), close one and download a copy. Online only: each throws OfflineError when
// no answer arrives and ApiError for an error answer.

import { ApiError, apiError, authedFetch, readJSON } from "../api";
import { OfflineError } from "../sync";

export interface PrivacyRequest {
  id: string;
  kind: "copy" | "correct" | "delete";
  subject: "customers" | "prospects";
  subjectId: string;
  agentId: string;
  /** The agent's team when recorded. */
  teamId: string;
  /** When received, in ms since the epoch. */
  receivedAt: number;
  /** The last day to answer, YYYY-MM-DD on the team's calendar. */
  dueDate: string;
  overdue: boolean;
  open: boolean;
  outcome: "done" | "refused" | null;
  note: string;
}

const KINDS = ["copy", "correct", "delete"] as const;
const SUBJECTS = ["customers", "prospects"] as const;

function oneOf<T extends string>(v: unknown, of: readonly T[]): T | null {
  return typeof v === "string" && (of as readonly string[]).includes(v) ? (v as T) : null;
}

/** One request of an answer; null for one this version cannot read. */
export function parseRequest(e: unknown): PrivacyRequest | null {
  const o = (e ?? {}) as Record<string, unknown>;
  const s = (k: string) => (typeof o[k] === "string" ? (o[k] as string) : null);
  const kind = oneOf(o["kind"], KINDS);
  const subject = oneOf(o["subject"], SUBJECTS);
  const receivedAt = typeof o["received_at"] === "string" ? Date.parse(o["received_at"]) : NaN;
  const [id, subjectId, agentId, dueDate, status] = ["id", "subject_id", "agent_id", "due_date", "status"].map(s);
  if (kind == null || subject == null || id == null || subjectId == null || agentId == null || dueDate == null) return null;
  if (Number.isNaN(receivedAt) || (status !== "open" && status !== "closed") || typeof o["overdue"] !== "boolean") return null;
  const outcome = status === "closed" ? oneOf(o["outcome"], ["done", "refused"] as const) : null;
  return {
    id,
    kind,
    subject,
    subjectId,
    agentId,
    teamId: s("team_id") ?? "",
    receivedAt,
    dueDate,
    overdue: o["overdue"],
    open: status === "open",
    outcome,
    note: s("note") ?? "",
  };
}

/** The requests of an answer, in the server's order (open first); null for one this version cannot read. */
export function parseRequests(raw: unknown): PrivacyRequest[] | null {
  const list = (raw as { requests?: unknown } | null)?.requests;
  if (!Array.isArray(list)) return null;
  const out: PrivacyRequest[] = [];
  for (const e of list) {
    const r = parseRequest(e);
    if (r === null) return null;
    out.push(r);
  }
  return out;
}

async function call(method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await authedFetch(path, body === undefined ? { method } : { method, body: JSON.stringify(body) });
  const answer = await (res.ok ? readJSON(res) : apiError(res)).catch((err: unknown) => {
    throw new OfflineError("answer cut off", err);
  });
  if (answer instanceof ApiError) throw answer;
  return answer;
}

function readable<T>(v: T | null): T {
  if (v === null) throw new ApiError(200, "bad_answer", "the server's answer could not be read");
  return v;
}

export const REQUESTS_PATH = "/api/privacy/requests";

/** The requests the user may see (their own, their team's, every one), open first; only the open ones when asked. */
export const getRequests = async (openOnly = false): Promise<PrivacyRequest[]> =>
  readable(parseRequests(await call("GET", openOnly ? `${REQUESTS_PATH}?open=true` : REQUESTS_PATH)));

/** Records a request; agent_id names the agent who holds the person (a supervisor's or an admin's; an agent leaves it out). */
export const createRequest = async (body: {
  kind: string;
  subject: string;
  subject_id: string;
  agent_id?: string;
  received_at?: string;
  note?: string;
}): Promise<PrivacyRequest> => readable(parseRequest(await call("POST", REQUESTS_PATH, body)));

export const closeRequest = async (id: string, outcome: "done" | "refused", note = ""): Promise<PrivacyRequest> =>
  readable(parseRequest(await call("POST", `${REQUESTS_PATH}/${encodeURIComponent(id)}/close`, { outcome, note })));

/** Downloads the copy of a copy request as a JSON file. */
export async function downloadCopy(id: string): Promise<void> {
  const res = await authedFetch(`${REQUESTS_PATH}/${encodeURIComponent(id)}/copy`);
  if (!res.ok) {
    const err = await apiError(res).catch((e: unknown) => {
      throw new OfflineError("answer cut off", e);
    });
    throw err;
  }
  const blob = await res.blob().catch((e: unknown) => {
    throw new OfflineError("answer cut off", e);
  });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = `fieldbook-person-copy-${id.slice(0, 8)}.json`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
