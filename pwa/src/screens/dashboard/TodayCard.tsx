// Today at a glance: the agents who have not submitted today's log (with
// their draft or returned log's state) and the logs waiting for review.

import type { Member } from "../../data/model";
import { label } from "../../data/labels";
import { formatDay } from "../../i18n";
import { href } from "../../router";
import { tr } from "./messages";
import { notSubmitted, waitingCount, type LogView } from "./submissions";

export function TodayCard({ agents, logs, today, rest }: { agents: Member[]; logs: LogView[]; today: string; rest: boolean }) {
  const missing = notSubmitted(agents, logs, today);
  const waiting = waitingCount(agents, logs);
  const active = agents.filter((a) => a.active).length;
  return (
    <section class="card dash-today" aria-labelledby="dash-today">
      <h2 id="dash-today">
        {tr("today.title")} <span class="count">{formatDay(today)}</span>
      </h2>
      <a class="row-link dash-queue" href={href("queue")} data-testid="queue-link" data-waiting={waiting}>
        <span class="row-link__main">
          <span class={`row-link__title${waiting > 0 ? " dash-queue__n" : ""}`}>
            {waiting === 0 ? tr("today.noneWaiting") : waiting === 1 ? tr("today.waiting1") : tr("today.waiting", { count: waiting })}
          </span>
        </span>
        <span aria-hidden="true">›</span>
      </a>
      {rest && <p class="muted dash-small">{tr("today.rest")}</p>}
      {active === 0 ? (
        <p class="muted">{tr("today.noAgents")}</p>
      ) : missing.length === 0 ? (
        <p class="dash-ok" data-testid="all-submitted">
          ✓ {tr("today.allIn")}
        </p>
      ) : (
        <h3 class="dash-h3" id="dash-missing">
          {tr("today.notSubmitted", { count: missing.length })}
        </h3>
      )}
      {/* Always there, empty when everyone has submitted. */}
      <ul class="dash-missing" data-testid="not-submitted" aria-labelledby={missing.length > 0 ? "dash-missing" : undefined} data-count={missing.length}>
        {missing.map((m) => (
          <li key={m.agent.id} data-agent={m.agent.id}>
            <a href={href("agent", m.agent.id)}>{m.agent.name}</a>{" "}
            <span class="chip">{m.state ? label("state", m.state) : tr("today.noLog")}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
