// The logs waiting for review, oldest first: who, which day, the day's
// visits against plan, how many problems, and whether the log was changed
// after approval (修改过) or after a review the server refused as stale.

import { useMemo } from "preact/hooks";
import { dayLogOf, memberOf, useCollection } from "../../data";
import { label } from "../../data/labels";
import { formatDay } from "../../i18n";
import { rejected, syncState } from "../../replica";
import { href } from "../../router";
import { useFlash } from "./flash";
import { formatWhen } from "./format";
import { tr } from "./messages";
import { headline, staleReviews, type QueueItem } from "./review";
import { useQueue } from "./useQueue";

export function QueueList() {
  const { loaded, queue } = useQueue();
  const said = useFlash();
  const stale = useMemo(() => staleReviews(rejected.value), [rejected.value]);
  return (
    <main class="page">
      <div class="page-head">
        <h1>
          {tr("title")}{" "}
          {loaded && (
            <span class="count" data-testid="queue-count" data-count={queue.length}>
              {tr("waiting", { n: queue.length })}
            </span>
          )}
        </h1>
      </div>
      <p class="notice" role="status" hidden={!said}>
        {said}
      </p>
      {!loaded ? (
        <p class="muted" aria-busy="true">
          {tr("loading")}
        </p>
      ) : queue.length === 0 ? (
        <NothingWaiting />
      ) : (
        <section class="card">
          <ol class="list" aria-label={tr("title")}>
            {queue.map((item) => (
              <Row key={item.id} item={item} stale={stale.has(item.id)} />
            ))}
          </ol>
        </section>
      )}
      {loaded && <StaleElsewhere stale={stale} waiting={queue} />}
    </main>
  );
}

/**
 * An empty queue, which says whether the device has synced at all. It alone
 * follows the sync's state: the list is not drawn again at every step of a
 * sync (and a first sync has hundreds).
 */
function NothingWaiting() {
  const sync = syncState.value;
  // A device that never synced knows nothing yet: "all reviewed" would be a guess.
  if (!sync?.lastSyncAt) {
    return (
      <p class="card muted" data-testid="queue-first-sync">
        {tr("firstSync")}
      </p>
    );
  }
  return (
    <section class="card" data-testid="queue-empty">
      <p class="queue-done">{tr("empty")}</p>
      <p class="muted">{sync.syncing ? tr("syncing") : tr("emptyHint")}</p>
    </section>
  );
}

function Row({ item, stale }: { item: QueueItem; stale: boolean }) {
  const { log } = item;
  const head = headline(log.plan, item.done);
  const figures = [
    head ? `${label("kind", head.kind)} ${head.planned ? `${head.done}/${head.planned}` : head.done}` : tr("nothingDone"),
    log.problems.length === 0 ? tr("noProblems") : log.problems.length === 1 ? tr("problem1") : tr("problems", { n: log.problems.length }),
  ];
  return (
    <li>
      <a class="row-link queue-row" href={href("queue", item.id)} data-testid="queue-row" data-id={item.id} data-agent={item.agentId}>
        <span class="row-link__main">
          <span class="row-link__title">
            {item.agentName || tr("unknownAgent")} · {formatDay(log.date)}
          </span>
          <span class="row-link__sub queue-row__figures">{figures.join(" · ")}</span>
          {item.submittedAt > 0 && (
            <span class="row-link__sub">{tr("submittedAt", { time: formatWhen(item.submittedAt) })}</span>
          )}
          {(log.amended || stale) && (
            <span class="row queue-row__chips">
              {log.amended && <span class="chip chip--warn">{tr("amended")}</span>}
              {stale && (
                <span class="chip chip--bad" data-testid="stale-notice">
                  {tr("staleChip")}
                </span>
              )}
            </span>
          )}
        </span>
        <span aria-hidden="true">›</span>
      </a>
    </li>
  );
}

/**
 * Reviews refused as stale whose log is no longer waiting (the agent took
 * it back to a draft): the supervisor should still know they did not count.
 */
function StaleElsewhere({ stale, waiting }: { stale: ReadonlyMap<string, unknown>; waiting: readonly QueueItem[] }) {
  const logs = useCollection("day_logs");
  const members = useCollection("members");
  const ids = [...stale.keys()].filter((id) => !waiting.some((q) => q.id === id) && logs.has(id));
  if (ids.length === 0) return null;
  return (
    <section class="card" aria-label={tr("staleChip")}>
      <p class="notice">{tr("staleElsewhere")}</p>
      <ul class="list">
        {ids.map((id) => {
          const rec = logs.get(id)!;
          const log = dayLogOf(rec);
          const owner = typeof rec.fields["owner_id"] === "string" ? rec.fields["owner_id"] : "";
          const who = members.get(owner);
          return (
            <li key={id}>
              <a class="row-link queue-row" href={href("queue", id)} data-testid="stale-notice" data-id={id}>
                <span class="row-link__main">
                  <span class="row-link__title">
                    {(who && memberOf(who).name) || tr("unknownAgent")} · {formatDay(log.date)}
                  </span>
                  <span class="row-link__sub">{label("state", log.state)}</span>
                </span>
                <span aria-hidden="true">›</span>
              </a>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
