// Entry point: render the app, follow the session and the page's visibility
// (the app PIN), register the service worker; on the login screen, make the
// first screen's formatters while the user types.

import { render } from "preact";
import "./styles.css";
import "./ui/sheet.css";
import { me, session } from "./api";
import { App } from "./app";
import { teamToday } from "./data";
import { formatDay, formatTime, formatYuan } from "./i18n";
import { followSession } from "./replica";
import { followVisibility } from "./ui/PinLock";
import { registerServiceWorker } from "./update";

followSession();
followVisibility();
const root = document.getElementById("app");
if (root) render(<App />, root);
registerServiceWorker();
// While the login screen waits for a person to type, the formatters the
// first screen after sign-in writes with are made (the first Intl formatter
// of a time zone loads ICU's zone data: tens of ms on a slow phone), not in
// the task that draws that screen.
if (!session.value) {
  whenIdle(() => {
    formatDay(teamToday());
    formatTime(Date.now());
    formatYuan(0);
  });
}

function whenIdle(fn: () => void): void {
  const w = window as { requestIdleCallback?: (cb: () => void, opts?: { timeout: number }) => number };
  if (typeof w.requestIdleCallback === "function") w.requestIdleCallback(fn, { timeout: 2000 });
  else setTimeout(fn, 500);
}
// The stored user may be stale (a new name, another role): refresh it in the
// background. Offline, the stored one serves.
if (session.value) me().catch(() => undefined);
