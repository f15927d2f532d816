// Entry point: render the app, follow the session and the page's visibility
// (the app PIN), register the service worker.

import { render } from "preact";
import "./styles.css";
import "./ui/sheet.css";
import { me, session } from "./api";
import { App } from "./app";
import { followSession } from "./replica";
import { followVisibility } from "./ui/PinLock";
import { registerServiceWorker } from "./update";

followSession();
followVisibility();
const root = document.getElementById("app");
if (root) render(<App />, root);
registerServiceWorker();
// The stored user may be stale (a new name, another role): refresh it in the
// background. Offline, the stored one serves.
if (session.value) me().catch(() => undefined);
