// 我的 — the agent's own week and month (#/me/week/<a day>, #/me/month/<YYYY-MM>),
// who looked at their customer files, their people's personal-information
// requests, the app PIN's settings, and the way to the team's standings,
// the goal calculator and sync.
// The period lives in the route, so Back and a reload keep it.
//
// The team and goal screens belong to this tab (registry.ts lights it for
// them); the pieces they share with it are in ui/, scoring/, remote/ and
// i18n/format.ts.

import { teamToday } from "../../data";
import { go, href } from "../../router";
import { periodFromParams, periodParams, type Period } from "../../scoring/period";
import { PeriodPicker } from "../../ui/PeriodNav";
import { PinSettings } from "../../ui/PinSettings";
import { AccessLog } from "./AccessLog";
import { tr } from "./messages";
import { MonthView } from "./MonthView";
import { Requests } from "./Requests";
import { WeekView } from "./WeekView";

export default function MeScreen({ params }: { params: string[] }) {
  const today = teamToday();
  const period = periodFromParams(params, today);
  const show = (p: Period) => go("me", ...periodParams(p));
  return (
    <main class="page">
      <div class="page-head">
        <h1>{tr("title")}</h1>
      </div>
      <PeriodPicker period={period} today={today} onGo={show} testid="me-tabs" />
      {period.kind === "week" ? <WeekView period={period} today={today} /> : <MonthView period={period} today={today} />}
      <AccessLog />
      <Requests />
      <PinSettings />
      <nav class="card" aria-labelledby="me-links">
        <h2 id="me-links">{tr("links.title")}</h2>
        <a class="row-link" href={href("team", ...periodParams(period))} data-testid="link-team">
          <span class="row-link__title">{tr("links.team")}</span>
          <span aria-hidden="true">›</span>
        </a>
        <a class="row-link" href={href("goal")} data-testid="link-goal">
          <span class="row-link__title">{tr("links.goal")}</span>
          <span aria-hidden="true">›</span>
        </a>
        <a class="row-link" href={href("sync")} data-testid="link-sync">
          <span class="row-link__title">{tr("links.sync")}</span>
          <span aria-hidden="true">›</span>
        </a>
      </nav>
    </main>
  );
}
