// The register of personal-information requests (docs/api.md "Privacy"), as
// the agent's 我的, the admin's tab and the supervisor's register show it:
// each request's kind, person, due date (red when overdue) and status, with
// the buttons that close it and download a copy. Online only; the list is
// read again after each action and when `version` changes (a request
// recorded beside it). RequestKind and RequestDue are a request's kind and
// due date in the same words elsewhere (the dashboard's card).

import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { formatDay, translator } from "../i18n";
import { closeRequest, downloadCopy, getRequests, type PrivacyRequest } from "../remote/requests";
import { OfflineError } from "../sync";
import { en } from "./PrivacyRequests.en";
import { zhCN } from "./PrivacyRequests.zh-CN";

const tr = translator({ "zh-CN": zhCN, en });

/** A request's kind in a word: 复制, 更正, 删除. */
export function RequestKind({ r }: { r: PrivacyRequest }) {
  return <>{tr(`kind.${r.kind}`)}</>;
}

/** A request's due date, red with 已逾期 when it is open past it. */
export function RequestDue({ r }: { r: PrivacyRequest }) {
  return (
    <span class={r.overdue ? "error" : undefined} data-testid="request-due" data-due={r.dueDate}>
      {tr("due", { day: formatDay(r.dueDate) })}
      {r.overdue && ` · ${tr("overdue")}`}
    </span>
  );
}

export function PrivacyRequests({
  version = 0,
  personName,
  agentName,
  teamId,
  heading = "h2",
}: {
  version?: number;
  /** The person's name when the device holds it. */
  personName?: (r: PrivacyRequest) => string | undefined;
  /** The agent's name, for a list of several agents' requests. */
  agentName?: (id: string) => string;
  /** Only this team's requests (an admin's answer holds every team's). */
  teamId?: string;
  heading?: "h1" | "h2";
}) {
  const list = useSignal<PrivacyRequest[] | null>(null);
  const problem = useSignal<string | null>(null);
  const busy = useSignal(false);

  const failed = (err: unknown) => {
    problem.value = err instanceof OfflineError ? tr("offline") : tr("failed", { message: err instanceof Error ? err.message : String(err) });
  };
  const load = async () => {
    try {
      list.value = await getRequests();
      problem.value = null;
    } catch (err) {
      failed(err);
    }
  };
  useEffect(() => void load(), [version]);

  const act = async (fn: () => Promise<unknown>) => {
    busy.value = true;
    try {
      await fn();
      await load();
    } catch (err) {
      failed(err);
    } finally {
      busy.value = false;
    }
  };

  const H = heading;
  const rows = (list.value ?? []).filter((r) => !teamId || r.teamId === teamId);
  return (
    <section class="card" aria-labelledby="privacy-requests" data-testid="privacy-requests" data-count={rows.length}>
      <H id="privacy-requests">{tr("title")}</H>
      <p class="muted">{tr("intro")}</p>
      {problem.value && (
        <p class="error" role="alert" data-testid="requests-problem">
          {problem.value}{" "}
          <button type="button" class="btn btn--secondary" onClick={() => void load()}>
            {tr("retry")}
          </button>
        </p>
      )}
      {list.value === null && !problem.value && <p class="muted">{tr("loading")}</p>}
      {list.value !== null &&
        (rows.length === 0 ? (
          <p class="muted">{tr("none")}</p>
        ) : (
          <ol class="list">
            {rows.map((r) => (
              <li key={r.id} class="list__item" data-testid="request" data-id={r.id} data-kind={r.kind} data-open={r.open} data-overdue={r.overdue}>
                <p class="list__title">
                  <RequestKind r={r} /> · {personName?.(r) ?? tr("unnamed")}
                  {agentName && <span class="muted"> · {tr("agent", { name: agentName(r.agentId) })}</span>}
                </p>
                <p>
                  <span class="muted">{tr("received", { day: formatDay(new Date(r.receivedAt).toISOString()) })}</span>
                  {" · "}
                  <RequestDue r={r} />
                  {" · "}
                  <span data-testid="request-status">{r.open ? tr("open") : tr(r.outcome === "refused" ? "refused" : "done")}</span>
                </p>
                {r.note && <p class="muted">{r.note}</p>}
                <p class="actions">
                  {r.kind === "copy" && (
                    <button type="button" class="btn btn--secondary" disabled={busy.value} data-testid="request-download" onClick={() => void act(() => downloadCopy(r.id))}>
                      {tr("download")}
                    </button>
                  )}
                  {r.open && (
                    <>
                      <button type="button" class="btn" disabled={busy.value} data-testid="request-done" onClick={() => void act(() => closeRequest(r.id, "done"))}>
                        {tr("markDone")}
                      </button>
                      <button type="button" class="btn btn--secondary" disabled={busy.value} data-testid="request-refuse" onClick={() => void act(() => closeRequest(r.id, "refused"))}>
                        {tr("markRefused")}
                      </button>
                    </>
                  )}
                </p>
              </li>
            ))}
          </ol>
        ))}
    </section>
  );
}
