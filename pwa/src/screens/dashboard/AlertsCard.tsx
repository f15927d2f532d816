// The month's coaching alerts (GET /api/reviews/team): each agent who
// needs coaching, why, and what to practise; and, first, anyone who opened
// the team's customer files in a burst in the last hour. The last answer is kept for
// offline, shown with "as of".

import { label } from "../../data/labels";
import { lang } from "../../i18n";
import { formatMonth } from "../../i18n/format";
import { useRemote } from "../../remote";
import { href } from "../../router";
import { alertWords } from "../../scoring/alerts";
import type { Alert } from "../../scoring/review";
import { RemoteNote } from "../../ui/RemoteNote";
import type { TeamView } from "../../ui/TeamGate";
import { tr } from "./messages";
import { needCoaching, parseTeamReview } from "./review";

/** An alert in the interface's words: the reason and what to practise; the server's own words for a code this version does not know. */
function alertText(a: Alert): { why: string; what: string } {
  const known = alertWords(a.code);
  if (known) return known;
  return { why: (lang.value === "en" ? a.messageEn : a.message) || a.message || a.code, what: label("tag", a.focus) };
}

export function AlertsCard({ team, month }: { team: TeamView; month: string }) {
  const q = team.named ? `&team_id=${encodeURIComponent(team.id)}` : "";
  const remote = useRemote(`/api/reviews/team?month=${month}${q}`, `team-review:${team.id}:${month}`, parseTeamReview);
  const agents = remote.value ? needCoaching(remote.value) : [];
  const access = remote.value?.accessAlerts ?? [];
  return (
    <section class="card dash-alerts" aria-labelledby="dash-alerts" data-testid="alerts" data-count={agents.length}>
      <h2 id="dash-alerts">{tr("alerts.title")}</h2>
      <p class="muted dash-small">{tr("alerts.month", { month: formatMonth(month) })}</p>
      <RemoteNote remote={remote} />
      {access.length > 0 && (
        <ul class="list" data-testid="access-alerts">
          {access.map((a) => (
            <li key={a.username} class="list__item notice" data-testid="access-alert" data-user={a.username}>
              <p class="list__title">{tr("alerts.access", { name: a.username })}</p>
              <p class="muted dash-small">{tr("alerts.accessDetail", { openings: a.openings, agents: a.agents })}</p>
            </li>
          ))}
        </ul>
      )}
      {remote.value ? (
        agents.length === 0 ? (
          <p class="muted" data-testid="alerts-none">
            {tr("alerts.none")}
          </p>
        ) : (
          <ul class="list">
            {agents.map((a) => (
              <li key={a.agentId} class="list__item" data-agent={a.agentId}>
                <a class="list__title" href={href("agent", a.agentId)}>
                  {a.name}
                </a>
                <ul class="dash-alert-list">
                  {a.alerts.map((al) => {
                    const { why, what } = alertText(al);
                    return (
                      <li key={al.code} data-code={al.code}>
                        <span>{why}</span>
                        {what && <span class="dash-practise">{tr("alerts.practise", { what })}</span>}
                      </li>
                    );
                  })}
                </ul>
              </li>
            ))}
          </ul>
        )
      ) : (
        remote.offline && <p data-testid="alerts-need-network">{tr("alerts.needsNetwork")}</p>
      )}
    </section>
  );
}
