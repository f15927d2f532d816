// The team's open personal-information requests (GET
// /api/privacy/requests?open=true): how many, how many overdue, and each
// one's kind, agent and due date (red when overdue), soonest due first;
// a tap opens the team's register (#/dashboard/requests). It shows what the
// server lets a supervisor see of their team's requests, and of that only
// the kind, the agent and the dates: the person and the note are the
// register's. Online only, never cached on the device; read again when the
// connection comes back.

import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { getRequests, type PrivacyRequest } from "../../remote/requests";
import { useReconnects } from "../../replica";
import { href } from "../../router";
import { OfflineError } from "../../sync";
import { RequestDue, RequestKind } from "../../ui/PrivacyRequests";
import type { TeamView } from "../../ui/TeamGate";
import { tr } from "./messages";

/** The most requests the card lists; the register has the rest. */
const SHOWN = 5;

export function RequestsCard({ team, agentName }: { team: TeamView; agentName: (id: string) => string }) {
  const list = useSignal<PrivacyRequest[] | null>(null);
  const problem = useSignal<string | null>(null);
  const tries = useSignal(0);
  const reconnects = useReconnects();
  useEffect(() => {
    let live = true;
    getRequests(true).then(
      (rs) => {
        if (!live) return;
        // An admin's answer holds every team's; a supervisor's only theirs.
        list.value = rs.filter((r) => r.teamId === team.id);
        problem.value = null;
      },
      (err: unknown) => {
        if (!live) return;
        problem.value = err instanceof OfflineError ? tr("requests.offline") : tr("requests.failed", { message: err instanceof Error ? err.message : String(err) });
      },
    );
    return () => {
      live = false;
    };
  }, [team.id, reconnects, tries.value]);

  const open = list.value ?? [];
  const overdue = open.filter((r) => r.overdue).length;
  const register = href("dashboard", "requests");
  return (
    <section
      class="card dash-requests"
      aria-labelledby="dash-requests"
      data-testid="requests-card"
      data-count={list.value === null ? "" : open.length}
      data-overdue={overdue}
    >
      <h2 id="dash-requests">
        <a href={register}>{tr("requests.title")}</a>
      </h2>
      {problem.value && (
        <p class="notice" role="alert" data-testid="requests-card-problem">
          {problem.value}{" "}
          <button type="button" class="btn btn--secondary" onClick={() => tries.value++}>
            {tr("requests.retry")}
          </button>
        </p>
      )}
      {list.value !== null &&
        (open.length === 0 ? (
          <p class="muted" data-testid="requests-card-none">
            {tr("requests.none")}
          </p>
        ) : (
          <>
            <p class="dash-small">
              <strong>{tr("requests.count", { n: open.length })}</strong>
              {overdue > 0 && (
                <>
                  {" · "}
                  <span class="error">{tr("requests.overdue", { n: overdue })}</span>
                </>
              )}
            </p>
            <ul class="list">
              {open.slice(0, SHOWN).map((r) => (
                <li key={r.id} data-testid="requests-card-item" data-id={r.id} data-overdue={r.overdue}>
                  <a class="row-link" href={register}>
                    <span class="row-link__main dash-request">
                      <span class="row-link__title">
                        <RequestKind r={r} /> · {tr("requests.agent", { name: agentName(r.agentId) })}
                      </span>
                      <span class="row-link__sub">
                        <RequestDue r={r} />
                      </span>
                    </span>
                    <span aria-hidden="true">›</span>
                  </a>
                </li>
              ))}
            </ul>
            {open.length > SHOWN && <p class="muted dash-small">{tr("requests.more", { n: open.length - SHOWN })}</p>}
          </>
        ))}
      <a class="btn btn--secondary" href={register} data-testid="requests-card-open">
        {tr("requests.all")}
      </a>
    </section>
  );
}
