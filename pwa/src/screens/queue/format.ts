// Times as the review queue writes them, in the current language and the team's zone.

import { formatDateTime } from "../../i18n";

/** A moment, the year only when not this year: 11月28日 21:30, Nov 28, 21:30. */
export function formatWhen(ms: number): string {
  return formatDateTime(ms);
}
