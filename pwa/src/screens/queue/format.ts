// Times as the review queue writes them, in the current language.

import { lang } from "../../i18n";

/** A moment without the year, e.g. 11月28日 21:30, Nov 28, 9:30 PM. */
export function formatWhen(ms: number): string {
  return new Intl.DateTimeFormat(lang.value, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" }).format(ms);
}
