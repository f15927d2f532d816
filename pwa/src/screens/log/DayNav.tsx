// The day's heading between its arrows, on one line at 360 px: each arrow a
// 44 px target, and none past the date rule's ends (a dimmed, inert arrow
// keeps the date where the thumb expects it).

import { formatDay } from "../../i18n";
import { href } from "../../router";
import { neighbours } from "./days";
import { tr } from "./messages";

export function DayNav({ date, today }: { date: string; today: string }) {
  const { prev, next } = neighbours(date, today);
  return (
    <div class="log-nav">
      <Arrow to={prev} label={prev ? tr("prev") : tr("noPrev")} testid="log-prev" glyph="‹" />
      <h1 class="log-nav__title">
        <span class="log-nav__what">{tr("title")}</span>{" "}
        <span class="log-nav__date" data-testid="log-date" data-date={date}>
          {formatDay(date)}
        </span>
      </h1>
      <Arrow to={next} label={next ? tr("next") : tr("noNext")} testid="log-next" glyph="›" />
    </div>
  );
}

function Arrow({ to, label, testid, glyph }: { to: string | null; label: string; testid: string; glyph: string }) {
  if (!to) {
    return (
      <span class="log-nav__arrow log-nav__arrow--off" role="link" aria-disabled="true" aria-label={label} title={label} data-testid={testid}>
        {glyph}
      </span>
    );
  }
  return (
    <a class="log-nav__arrow" href={href("log", to)} aria-label={label} data-testid={testid} data-to={to}>
      {glyph}
    </a>
  );
}
