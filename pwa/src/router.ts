// Hash routes (#/plan/<id>): they work offline from the service worker's
// single cached page, survive a reload and give the back button its meaning.

import { signal } from "@preact/signals";

export interface Route {
  /** The first part: today, plan, customers, log, scores, team, goal, sync. */
  screen: string;
  /** The rest, e.g. a record id or a date. */
  params: string[];
}

function parse(hash: string): Route {
  const parts = hash.replace(/^#\/?/, "").split("/").filter(Boolean).map(decodeURIComponent);
  return { screen: parts[0] ?? "", params: parts.slice(1) };
}

export const route = signal<Route>(parse(typeof location === "undefined" ? "" : location.hash));

if (typeof window !== "undefined") {
  window.addEventListener("hashchange", () => {
    route.value = parse(location.hash);
    // A new screen starts at its top, as a native app's would.
    window.scrollTo(0, 0);
  });
}

/** The href of a route, for links. */
export function href(...parts: string[]): string {
  return `#/${parts.map(encodeURIComponent).join("/")}`;
}

/** Goes to a route (a new history entry, so Back returns). */
export function go(...parts: string[]): void {
  location.hash = href(...parts);
}
