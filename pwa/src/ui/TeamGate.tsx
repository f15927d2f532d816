// Which team the supervisor's screens (dashboard, meeting) are about: a
// supervisor's own; for an admin, the team picked from GET /api/admin/teams
// (kept for offline), remembered on this device.

import type { ComponentChildren, VNode } from "preact";
import { useState } from "preact/hooks";
import { session } from "../api";
import { useList } from "../data";
import { parseTeams, pickTeam, readTeamChoice, teamChoices, teamMemberOf, writeTeamChoice, type Team } from "../data/teams";
import { translator } from "../i18n";
import { useRemote } from "../remote";
import { syncState } from "../replica";
import { RemoteNote } from "./RemoteNote";
import { en } from "./TeamGate.en";
import { zhCN } from "./TeamGate.zh-CN";

const tr = translator({ "zh-CN": zhCN, en });

export interface TeamView {
  id: string;
  /** The team's name where this device knows it (an admin's list); "" otherwise. */
  name: string;
  /** Whether the team must be named to the server (?team_id=): an admin's choice. */
  named: boolean;
  /** The admin's team picker, for the screen to place; null for a supervisor. */
  picker: VNode | null;
}

type Render = (team: TeamView) => ComponentChildren;

/** Renders children for the team, or says why there is none. `wrap` frames the messages as the screen's page. */
export function TeamGate({ children, wrap }: { children: Render; wrap: (body: ComponentChildren) => VNode }) {
  const user = session.value?.user;
  if (user?.role === "admin") return <AdminTeams userId={user.id} render={children} wrap={wrap} />;
  if (!user?.team_id) return wrap(<p class="card">{tr("team.mine")}</p>);
  return <>{children({ id: user.team_id, name: "", named: false, picker: null })}</>;
}

function AdminTeams({ userId, render, wrap }: { userId: string; render: Render; wrap: (body: ComponentChildren) => VNode }) {
  const remote = useRemote("/api/admin/teams", "admin-teams", parseTeams);
  const members = useList("members", teamMemberOf);
  const [stored, setStored] = useState(() => readTeamChoice(localStorage, userId));
  // Without the server's list, the teams the replica holds stand in, once
  // the server has failed or at once when the device is known to be offline.
  const fallback = !remote.loading || syncState.value?.online === false;
  const teams = teamChoices(remote.value, fallback ? members : []);
  const id = pickTeam(teams, stored);
  if (!id) {
    if (!fallback) return wrap(<RemoteNote remote={remote} />);
    return wrap(
      <>
        <RemoteNote remote={remote} />
        <p class="card" data-testid="no-team">
          {remote.value ? tr("team.none") : tr("team.noList")}
        </p>
      </>,
    );
  }
  const choose = (next: string) => {
    writeTeamChoice(localStorage, userId, next);
    setStored(next);
  };
  const name = (t: Team) => t.name || tr("team.unnamed", { id: t.id.slice(-6) });
  const picker = (
    <div class="dash-team">
      <label for="team-picker">{tr("team.label")}</label>
      <select id="team-picker" data-testid="team-picker" value={id} onChange={(e) => choose(e.currentTarget.value)}>
        {teams.map((t) => (
          <option key={t.id} value={t.id}>
            {name(t)}
          </option>
        ))}
      </select>
    </div>
  );
  const team = teams.find((t) => t.id === id);
  return <>{render({ id, name: team ? team.name : "", named: true, picker })}</>;
}
