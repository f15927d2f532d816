// One agent as their supervisor sees them (#/agent/<id>): this week at a
// glance and the logs waiting, the last weeks and months in charts and
// tables, the problems they keep meeting, and the coaching notes with the
// progress on each focus. Nothing of their customers shows here: the files
// open on purpose, from the button at the end.

import { useMemo } from "preact/hooks";
import { mondayOf, scoreOf, teamToday, useList, type DayLog } from "../../data";
import { formatNumber } from "../../i18n/format";
import { href } from "../../router";
import { BandChip } from "../../ui/BandChip";
import { Coaching } from "./Coaching";
import { tr } from "./messages";
import { MonthsSection, WeeksSection } from "./Performance";
import { ProblemTags } from "./ProblemTags";
import { recentMondays, recentMonths } from "./stats";
import { useAgent, useAgentLogs } from "./useAgent";

/** How far back the page looks. */
const WEEKS = 8;
const MONTHS = 6;

export function AgentPage({ agentId }: { agentId: string }) {
  const today = teamToday();
  const mondays = useMemo(() => recentMondays(today, WEEKS), [today]);
  const months = useMemo(() => recentMonths(today, MONTHS), [today]);
  const { member, loaded } = useAgent(agentId);
  const logs = useAgentLogs(agentId);
  const waiting = useMemo(() => waitingLogs(logs), [logs]);
  const name = member?.name || tr("unknownAgent");
  return (
    <main class="page page--wide agent-page" data-testid="agent-page" data-agent={agentId}>
      <div class="page-head">
        <h1>
          {name} {member && !member.active && <span class="chip chip--warn">{tr("inactive")}</span>}
        </h1>
      </div>
      {loaded && !member && <p class="notice">{tr("notInTeam")}</p>}
      <Summary agentId={agentId} today={today} waiting={waiting} />
      <JumpNav />
      <div class="agent-grid">
        <div>
          <WeeksSection agentId={agentId} mondays={mondays} today={today} firstWaiting={waiting[0]?.id ?? null} />
          <MonthsSection agentId={agentId} months={months} />
          <ProblemTags logs={logs} mondays={mondays} />
        </div>
        <div>
          <Coaching agentId={agentId} logs={logs} today={today} />
          <section class="card" aria-labelledby="agent-files-title">
            <h2 id="agent-files-title" tabIndex={-1}>
              {tr("files.title")}
            </h2>
            <p class="muted">{tr("files.intro")}</p>
            <a class="btn btn--secondary agent-open-files" href={href("agent", agentId, "files")} data-testid="open-files">
              {tr("files.open")}
            </a>
          </section>
        </div>
      </div>
    </main>
  );
}

/** The agent's logs waiting for review, oldest day first. */
function waitingLogs(logs: readonly DayLog[]): DayLog[] {
  return logs.filter((l) => l.state === "submitted").sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

function Summary({ agentId, today, waiting }: { agentId: string; today: string; waiting: DayLog[] }) {
  const scores = useList("scores", scoreOf);
  const monday = mondayOf(today);
  const week = scores.find((s) => s.agentId === agentId && s.kind === "week" && s.start === monday);
  return (
    <dl class="facts agent-summary card" data-testid="agent-summary">
      <div>
        <dt>{tr("summary.week")}</dt>
        <dd>
          {week ? (
            <>
              <span class="facts__num" data-testid="agent-week-score">
                {formatNumber(week.score)}
              </span>{" "}
              <BandChip band={week.band} score={week.score} />
            </>
          ) : (
            <span class="muted">{tr("summary.noWeek")}</span>
          )}
        </dd>
      </div>
      <div>
        <dt>
          {waiting.length === 0
            ? tr("summary.queueNone")
            : waiting.length === 1
              ? tr("summary.queue1")
              : tr("summary.queue", { n: waiting.length })}
        </dt>
        <dd>
          {waiting.length > 0 && (
            <a class="agent-queue-link" href={href("queue", waiting[0]!.id)} data-testid="agent-review-next">
              {tr("summary.queueOpen")}
            </a>
          )}
        </dd>
      </div>
    </dl>
  );
}

const SECTIONS = [
  ["agent-weeks", "jump.weeks"],
  ["agent-months", "jump.months"],
  ["agent-problems", "jump.problems"],
  ["agent-coaching", "jump.coaching"],
  ["agent-files-title", "jump.files"],
] as const;

/**
 * Buttons to the page's sections. Not #fragment links: the hash is the
 * route here. The heading gets focus, so keyboard and screen reader users
 * land where they asked to go.
 */
function JumpNav() {
  return (
    <nav class="agent-jump" aria-label={tr("jump")}>
      {SECTIONS.map(([id, key]) => (
        <button
          key={id}
          type="button"
          class="btn btn--quiet"
          onClick={() => {
            const el = document.getElementById(id);
            el?.scrollIntoView({ block: "start" });
            el?.focus({ preventScroll: true });
          }}
        >
          {tr(key)}
        </button>
      ))}
    </nav>
  );
}
