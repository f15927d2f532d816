// 团队看板 — the supervisor's team dashboard (#/dashboard, #/dashboard/week/<a day>):
// who has not submitted today and what waits for review, the week's
// 100-point table of every agent, the team's open personal-information
// requests, the month's coaching alerts, and the exports. The table and
// today's logs come from the team's records on this device, so they show
// offline; the alerts are the server's, kept for offline with "as of"; the
// requests are online only. #/dashboard/requests is the team's register of
// requests. An admin picks the team.

import type { ComponentChildren } from "preact";
import { useMemo } from "preact/hooks";
import { dayLogOf, ownerOf, myId, scoreOf, teamToday, useList, useLoaded } from "../../data";
import { agentsOf, teamMemberOf } from "../../data/teams";
import { go, href } from "../../router";
import { periodFromParams, weekPeriod, type Period } from "../../scoring/period";
import { dashboardRows } from "../../scoring/weekTable";
import { PeriodNav } from "../../ui/PeriodNav";
import { PrivacyRequests } from "../../ui/PrivacyRequests";
import { TeamGate, type TeamView } from "../../ui/TeamGate";
import { AlertsCard } from "./AlertsCard";
import { ExportCard } from "./ExportCard";
import { InheritedCard } from "./InheritedCard";
import { tr } from "./messages";
import { RequestsCard } from "./RequestsCard";
import type { LogView } from "./submissions";
import { TodayCard } from "./TodayCard";
import { WeekTable } from "./WeekTable";

function Page({ children }: { children: ComponentChildren }) {
  return (
    <main class="page page--wide dash">
      <div class="page-head">
        <h1>{tr("title")}</h1>
      </div>
      {children}
    </main>
  );
}

export default function DashboardScreen({ params }: { params: string[] }) {
  return (
    <TeamGate wrap={(body) => <Page>{body}</Page>}>
      {(team) => (params[0] === "requests" ? <TeamRequests team={team} /> : <Dashboard team={team} params={params} />)}
    </TeamGate>
  );
}

/** The agents' names of the replica's members records, by id; an id's tail for one it does not hold. */
function useAgentNames(teamId: string): (id: string) => string {
  const members = useList("members", teamMemberOf);
  const names = useMemo(() => new Map(agentsOf(members, teamId).map((a) => [a.id, a.name])), [members, teamId]);
  return (id) => names.get(id) || id.slice(-6);
}

/** The team's register of personal-information requests, each agent named. */
function TeamRequests({ team }: { team: TeamView }) {
  const agentName = useAgentNames(team.id);
  return (
    <main class="page dash" data-team={team.id} data-testid="team-requests">
      <div class="page-head">
        <a href={href("dashboard")} data-testid="requests-back">
          {tr("requests.back")}
        </a>
        {team.picker && <div class="dash-head">{team.picker}</div>}
      </div>
      <PrivacyRequests heading="h1" agentName={agentName} teamId={team.id} />
    </main>
  );
}

function Dashboard({ team, params }: { team: TeamView; params: string[] }) {
  const today = teamToday();
  // The route names a week; anything else is this week.
  const period = params[0] === "week" ? periodFromParams(params, today) : weekPeriod(today);
  const show = (p: Period) => go("dashboard", "week", p.start);
  const me = myId();
  const members = useList("members", teamMemberOf);
  const scores = useList("scores", scoreOf);
  const logs = useList("day_logs", (r): LogView => {
    const l = dayLogOf(r);
    return { owner: ownerOf(r, me), date: l.date, state: l.state };
  });
  const loadedMembers = useLoaded("members");
  const loadedScores = useLoaded("scores");
  const loadedLogs = useLoaded("day_logs");
  const loaded = loadedMembers && loadedScores && loadedLogs;
  const agents = useMemo(() => agentsOf(members, team.id), [members, team.id]);
  const agentName = useAgentNames(team.id);
  const rows = useMemo(() => dashboardRows(period, agents, scores, today), [period.start, agents, scores, today]);
  // Rest days are team-wide: any of the team's week records says.
  const restToday = useMemo(() => {
    const ids = new Set(agents.map((a) => a.id));
    return scores.some((s) => ids.has(s.agentId) && s.kind === "week" && s.days.some((d) => d.day === today && d.rest));
  }, [agents, scores, today]);

  return (
    <main class="page page--wide dash" data-team={team.id}>
      <div class="page-head">
        <h1>{tr("title")}</h1>
        <div class="dash-head">
          {team.picker}
          <a class="btn btn--secondary" href={href("meeting")} data-testid="link-meeting">
            {tr("meeting")}
          </a>
        </div>
      </div>
      {!loaded ? (
        <p class="muted">{tr("loading")}</p>
      ) : (
        <>
          <TodayCard agents={agents} logs={logs} today={today} rest={restToday} />
          <section class="card dash-week" aria-labelledby="dash-week">
            <h2 id="dash-week">{tr("week.title")}</h2>
            <PeriodNav period={period} today={today} onGo={show} />
            <WeekTable rows={rows} />
          </section>
        </>
      )}
      <InheritedCard />
      <div class="dash-pair">
        <RequestsCard team={team} agentName={agentName} />
        <AlertsCard team={team} month={today.slice(0, 7)} />
        <ExportCard team={team} week={period} />
      </div>
    </main>
  );
}
