// Service-worker registration and the update prompt.
//
// A new version installs in the background and then waits: it never takes
// over by itself (sw.ts does not call skipWaiting on install). The page asks
// it to, by message, only after the user accepted the prompt and the outbox
// is empty; then the page reloads exactly once, on the controller change that
// follows its own request — never on a change it did not ask for, so there
// is no reload loop.

import { signal } from "@preact/signals";

/** A new version is installed and waiting for the user. */
export const updateReady = signal(false);

let registration: ServiceWorkerRegistration | null = null;
let accepted = false;

const HOUR = 60 * 60 * 1000;

export function registerServiceWorker(): void {
  if (!("serviceWorker" in navigator)) return;
  const sw = navigator.serviceWorker;
  sw.addEventListener("controllerchange", () => {
    // The first install also claims the page; that needs no reload.
    if (!accepted) return;
    accepted = false;
    location.reload();
  });

  const watch = (w: ServiceWorker | null) => {
    if (!w) return;
    const check = () => {
      // "installed" with a controller present means an update, not a first install.
      if (w.state === "installed" && sw.controller) updateReady.value = true;
    };
    check();
    w.addEventListener("statechange", check);
  };

  const register = () => {
    sw.register("/sw.js", { scope: "/" }).then(
      (reg) => {
        registration = reg;
        watch(reg.waiting);
        watch(reg.installing);
        reg.addEventListener("updatefound", () => watch(reg.installing));
        // The browser checks on navigation, which a single-page app that
        // stays open all day rarely does.
        setInterval(() => void checkForUpdate(), HOUR);
      },
      (err: unknown) => console.warn("service worker registration failed", err),
    );
  };
  // After load, so installing the precache does not compete with the first render.
  if (document.readyState === "complete") register();
  else window.addEventListener("load", register, { once: true });
}

/** Asks the browser to look for a new version now (e.g. after 426 upgrade_required). */
export async function checkForUpdate(): Promise<void> {
  try {
    await registration?.update();
  } catch {
    // Offline: the next check will do.
  }
}

/**
 * Lets the waiting version take over; the page reloads when it has. The
 * caller has made sure no unsent change depends on the old version.
 */
export function applyUpdate(): boolean {
  const waiting = registration?.waiting;
  if (!waiting) return false;
  accepted = true;
  waiting.postMessage({ type: "SKIP_WAITING" });
  return true;
}
