// 团队排名 — the team's standings for a week or a month
// (#/team/week/<a day>, #/team/month/<YYYY-MM>): from the server when it
// answers, else its last answer for the period, else built from the
// team's scores and members records on this phone. Scores and counts
// (with what is pending beside them) only, never anyone's customers. A
// month says which weeks its score averages.

import { serverAnswers, session } from "../../api";
import { memberOf, myId, scoreOf, teamToday, useList, useLoaded } from "../../data";
import { formatYuan } from "../../i18n";
import { formatNumber } from "../../i18n/format";
import { useRemote } from "../../remote";
import { go } from "../../router";
import { monthRule, notYetText, type MonthRule } from "../../scoring/monthRule";
import { kindWithPending } from "../../scoring/pending";
import { periodFromParams, periodParams, type Period } from "../../scoring/period";
import { localStandings, parseStandings, CHAMPION, type StandingRow, type Standings } from "../../scoring/standings";
import { AwardChips } from "../../ui/AwardChips";
import { BandChip } from "../../ui/BandChip";
import { MonthRuleNotes } from "../../ui/MonthRuleNotes";
import { PeriodPicker } from "../../ui/PeriodNav";
import { RemoteNote } from "../../ui/RemoteNote";
import { tr } from "./messages";

export default function TeamScreen({ params }: { params: string[] }) {
  const today = teamToday();
  const period = periodFromParams(params, today);
  const show = (p: Period) => go("team", ...periodParams(p));
  const remote = useRemote(
    `/api/standings?period=${period.kind}&date=${period.start}`,
    `standings:${period.kind}:${period.start}`,
    parseStandings,
  );
  const members = useList("members", memberOf);
  const scores = useList("scores", scoreOf);
  const membersLoaded = useLoaded("members");
  const scoresLoaded = useLoaded("scores");
  const loaded = membersLoaded && scoresLoaded;
  // This phone's copy stands in once the server has failed, or at once
  // when the phone is known to be offline (a request may take a while to fail).
  const useLocal = !remote.value && loaded && (!remote.loading || serverAnswers.value === false);
  const standings = remote.value ?? (useLocal ? localStandings(period, members, scores, today) : null);
  // A month's score is the mean of the weeks that start in it, as of today (in the team's zone).
  const rule = period.kind === "month" ? monthRule(period.label, today) : null;
  const teamName = session.value?.user.team_name ?? "";

  return (
    <main class="page">
      <div class="page-head">
        <h1>
          {tr("title")}
          {teamName && (
            <span class="count" data-testid="team-name">
              {teamName}
            </span>
          )}
        </h1>
      </div>
      <PeriodPicker period={period} today={today} onGo={show} testid="team-tabs" />
      <RemoteNote remote={remote} />
      {useLocal && (
        <p class="notice" role="status" data-testid="standings-local">
          {tr("local")}
        </p>
      )}
      {rule && <MonthNote rule={rule} />}
      {standings ? <Table standings={standings} noScore={rule !== null && !rule.started} /> : !remote.loading && <p class="muted">{tr("loading")}</p>}
    </main>
  );
}

/** The month rule above a month's standings: which weeks count, and — before the first — that none has a score yet. */
function MonthNote({ rule }: { rule: MonthRule }) {
  const notYet = notYetText(rule);
  return (
    <>
      {notYet && (
        <p class="notice" data-testid="month-not-yet">
          {notYet}
        </p>
      )}
      <MonthRuleNotes rule={rule} class="team-note" />
    </>
  );
}

/** noScore: the month has no week of its own yet, so the scores say so instead of a bare 0. */
function Table({ standings, noScore }: { standings: Standings; noScore: boolean }) {
  const me = myId();
  const champion = standings.rows.find((r) => r.agentId === standings.champion);
  const prize = champion?.awards.find((a) => a.kind === CHAMPION)?.amount;
  return (
    <>
      {champion && (
        <p class="card team-champion" data-testid="champion" data-agent={champion.agentId}>
          <span aria-hidden="true">★ </span>
          {tr("champion", { name: champion.name })}
          {prize !== undefined && ` ${formatYuan(prize)}`}
        </p>
      )}
      {standings.rows.length === 0 ? (
        <p class="card">{tr("empty")}</p>
      ) : (
        <ol class="team-list card" data-testid="standings">
          {standings.rows.map((r) => (
            <Row key={r.agentId} row={r} mine={r.agentId === me} noScore={noScore} />
          ))}
        </ol>
      )}
      <p class="muted team-note">{tr("note")}</p>
    </>
  );
}

function Row({ row, mine, noScore }: { row: StandingRow; mine: boolean; noScore: boolean }) {
  return (
    <li
      class={`team-row${mine ? " team-row--me" : ""}`}
      data-testid="standings-row"
      data-agent={row.agentId}
      data-rank={row.rank}
      data-score={row.score}
      aria-current={mine ? "true" : undefined}
    >
      <span class="team-row__rank">
        <span class="visually-hidden">{tr("rank", { rank: row.rank })}</span>
        <span aria-hidden="true">{row.rank}</span>
      </span>
      <span class="team-row__main">
        <span class="team-row__name">
          {row.name}
          {mine && <span class="chip team-row__me">{tr("me")}</span>}
        </span>
        <span class="team-row__sub">
          <span data-testid="standings-counts">
            {kindWithPending("visit", row.visits, row.pendingCounts["visit"])} · {kindWithPending("deal", row.deals, row.pendingCounts["deal"])}
          </span>
          {row.pendingDays > 0 && <span class="team-row__pending"> · {row.pendingDays === 1 ? tr("pending1") : tr("pending", { count: row.pendingDays })}</span>}
        </span>
        {row.awards.length > 0 && <AwardChips awards={row.awards} class="team-row__awards" />}
      </span>
      {noScore ? (
        <span class="team-row__score team-row__score--none" data-testid="no-score">
          <span aria-hidden="true">—</span>
          <span class="visually-hidden">{tr("noScore")}</span>
        </span>
      ) : (
        <span class="team-row__score">
          <span class="team-row__num">
            <span class="visually-hidden">{tr("score", { score: formatNumber(row.score) })}</span>
            <span aria-hidden="true">{formatNumber(row.score)}</span>
          </span>
          <BandChip band={row.band} score={row.score} />
        </span>
      )}
    </li>
  );
}
