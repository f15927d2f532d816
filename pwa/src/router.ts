// Hash routes (#/plan/<id>): they work offline from the service worker's
// single cached page, survive a reload and give the back button its meaning.

import { signal } from "@preact/signals";

export interface Route {
  /** The first part: the name of a screen in registry.ts (today, plan, …); "" for the role's first tab. */
  screen: string;
  /** The rest, e.g. a record id or a date. */
  params: string[];
}

function parse(hash: string): Route {
  const parts = hash.replace(/^#\/?/, "").split("/").filter(Boolean).map(decodeURIComponent);
  return { screen: parts[0] ?? "", params: parts.slice(1) };
}

export const route = signal<Route>(parse(typeof location === "undefined" ? "" : location.hash));

/** Forms holding unsaved input: each says whether it holds some now. */
const guards = new Set<() => boolean>();
/** The hash the app shows. */
let shown = typeof location === "undefined" ? "" : location.hash;
/** Set while leaving anyway, so the guards are not asked again. */
let leaving = false;

/**
 * A route change held back because a form holds unsaved input (the hash it
 * was going to), until the user chooses to stay or to leave; null when none.
 */
export const heldLeave = signal<string | null>(null);

/**
 * Asks `dirty` before every route change (Back, Android's back button, a
 * link, the tab bar): while it says true, the change is held (heldLeave)
 * and the route stays. Returns the function that stops asking.
 */
export function guardLeave(dirty: () => boolean): () => void {
  guards.add(dirty);
  return () => {
    guards.delete(dirty);
    if (guards.size === 0) heldLeave.value = null;
  };
}

/** Stays on the form: the held route change is dropped. */
export function stayHere(): void {
  heldLeave.value = null;
}

/** Makes the held route change after all (the form's input was let go). */
export function leaveAnyway(): void {
  if (heldLeave.peek() === null) return;
  heldLeave.value = null;
  leaving = true;
  // The held change put the form's route back on top of the history
  // (see below): one step back is where the user was going, for Back and
  // for a link alike.
  history.back();
}

if (typeof window !== "undefined") {
  window.addEventListener("hashchange", () => {
    const next = location.hash;
    if (!leaving && next !== shown && [...guards].some((dirty) => dirty())) {
      // The browser has already moved: put the form's route back as the
      // newest entry (no hashchange), and ask.
      history.pushState(history.state, "", shown || location.pathname);
      heldLeave.value = next;
      return;
    }
    leaving = false;
    shown = next;
    route.value = parse(next);
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
