// Entry point: render the app, follow the session, register the service worker.

import { render } from "preact";
import "./styles.css";
import "./ui/sheet.css";
// The screens' own styles, small enough to load with the first paint (CSS
// imported by a lazily loaded chunk would not be loaded by the page).
import "./screens/plan/plan.css";
import "./screens/customers/customers.css";
import "./screens/me/me.css";
import "./screens/team/team.css";
import "./screens/goal/goal.css";
import "./screens/dashboard/dashboard.css";
import "./screens/meeting/meeting.css";
import "./screens/queue/queue.css";
import "./screens/agent/agent.css";
import "./screens/admin/admin.css";
import "./screens/log/log.css";
import { me, session } from "./api";
import { App } from "./app";
import { followSession } from "./replica";
import { registerServiceWorker } from "./update";

followSession();
const root = document.getElementById("app");
if (root) render(<App />, root);
registerServiceWorker();
// The stored user may be stale (a new name, another role): refresh it in the
// background. Offline, the stored one serves.
if (session.value) me().catch(() => undefined);
