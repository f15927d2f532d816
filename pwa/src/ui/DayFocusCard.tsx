// The day's focus on an agent's Today: the team's day_focus record for the
// team's today (docs/protocol.md §6.6), which a supervisor set on the
// meeting screen and the sync brought here. Nothing when there is none.

import { session } from "../api";
import { teamToday, useCollection } from "../data";
import { focusOn } from "../data/focus";
import { translator } from "../i18n";
import { en } from "./DayFocusCard.en";
import { zhCN } from "./DayFocusCard.zh-CN";

const tr = translator({ "zh-CN": zhCN, en });

export function DayFocusCard() {
  const focus = focusOn(useCollection("day_focus").values(), session.value?.user.team_id ?? "", teamToday());
  if (!focus) return null;
  return (
    <section class="card day-focus" aria-labelledby="day-focus-title" data-testid="today-focus">
      <h2 id="day-focus-title">{tr("title")}</h2>
      <p class="day-focus__text" data-testid="today-focus-text">
        {focus.text}
      </p>
      <p class="muted">{tr("by")}</p>
    </section>
  );
}
