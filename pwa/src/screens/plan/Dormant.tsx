// The names nothing happened with for the team's months (data/retention):
// a card on top of the Plan 100 list while there are any, and `#/plan/dormant`,
// the list of them, each with its last activity and the day the server
// erases it, and 保留 (keep: kept_at, which restarts its clock) or 清除 (the
// agent's deletion, which erases it), side by side under the name for one
// thumb. Both are ordinary offline writes; the phone works the list out
// from its own copy, so it shows without a network.

import { useSignal } from "@preact/signals";
import { useMemo } from "preact/hooks";
import { retentionMonths, teamZone } from "../../api";
import { prospectOf, records, useActivities, useList, useLoaded, type Prospect } from "../../data";
import { dormantNames, type DormantName } from "../../data/retention";
import { formatDay } from "../../i18n";
import { href } from "../../router";
import { rfc3339In } from "../../time";
import { tr } from "./messages";

/** The agent's dormant names now, the soonest purged first. */
function useDormant(prospects: readonly Prospect[]): DormantName[] {
  const acts = useActivities();
  const months = retentionMonths.value;
  const zone = teamZone.value;
  return useMemo(() => dormantNames(prospects, acts, months, zone, Date.now()), [prospects, acts, months, zone]);
}

const dayOf = (ms: number) => formatDay(new Date(ms).toISOString());

/** The card on the Plan 100 list: how many names wait for an answer, and the way to them. */
export function DormantCard({ prospects }: { prospects: readonly Prospect[] }) {
  const names = useDormant(prospects);
  if (names.length === 0) return null;
  return (
    <section class="notice plan-dormant" aria-labelledby="plan-dormant-title" data-testid="dormant-card" data-count={names.length}>
      <h2 id="plan-dormant-title" class="plan-dormant__title">
        {tr("dormantCount", { n: names.length, months: retentionMonths.value })}
      </h2>
      <p>{names[0]!.purgeAt <= Date.now() ? tr("dormantDue") : tr("dormantSoonest", { date: dayOf(names[0]!.purgeAt) })}</p>
      <a class="btn btn--primary btn--block" href={href("plan", "dormant")} data-testid="dormant-open">
        {tr("dormantOpen")}
      </a>
    </section>
  );
}

/** `#/plan/dormant`: every dormant name with its dates and its two answers. */
export function DormantList() {
  const loaded = useLoaded("prospects");
  const all = useList("prospects", prospectOf);
  const names = useDormant(all);
  const status = useSignal("");
  const answer = async (p: Prospect, keep: boolean) => {
    if (!keep && !confirm(tr("confirmPurge", { name: p.name }))) return;
    try {
      const fields = keep ? { kept_at: rfc3339In(Date.now(), teamZone.value) } : { _deleted: true };
      await records().put("prospects", p.id, fields);
      status.value = tr(keep ? "kept" : "purged", { name: p.name });
    } catch (err) {
      status.value = tr("failed", { message: err instanceof Error ? err.message : String(err) });
    }
  };
  return (
    <main class="page">
      <a class="plan-back" href={href("plan")}>
        {tr("back")}
      </a>
      <h1>{tr("dormantTitle")}</h1>
      <p class="muted">{tr("dormantIntro", { months: retentionMonths.value })}</p>
      <p class="notice notice--ok" role="status" aria-live="polite" hidden={status.value === ""}>
        {status.value}
      </p>
      {!loaded ? (
        <p class="muted" aria-busy="true">
          {tr("loading")}
        </p>
      ) : names.length === 0 ? (
        <p class="card" data-testid="dormant-none">
          {tr("dormantNone")}
        </p>
      ) : (
        <ul class="plan-dormant-list">
          {names.map((d) => (
            <li key={d.prospect.id} class="card" data-testid="dormant-row" data-id={d.prospect.id}>
              <a class="plan-dormant__name" href={href("plan", d.prospect.id)}>
                {d.prospect.name}
              </a>
              <dl class="facts">
                <div>
                  <dt>{tr("dormantLast")}</dt>
                  <dd>{dayOf(d.lastTouch)}</dd>
                </div>
                <div>
                  <dt>{tr("dormantPurge")}</dt>
                  <dd data-testid="dormant-purge-date">
                    {d.purgeAt <= Date.now() ? tr("dormantOverdue", { date: dayOf(d.purgeAt) }) : dayOf(d.purgeAt)}
                  </dd>
                </div>
              </dl>
              <div class="plan-dormant__answers">
                <button type="button" class="btn btn--primary" onClick={() => void answer(d.prospect, true)} data-testid="dormant-keep">
                  {tr("keep")}
                </button>
                <button type="button" class="btn btn--secondary plan-dormant__purge" onClick={() => void answer(d.prospect, false)} data-testid="dormant-purge">
                  {tr("purge")}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
