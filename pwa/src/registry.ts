// Every screen of the app, once: its route name (#/NAME/…), who may open
// it, its tab in the bottom bar, and how its code is loaded. The shell
// (app.tsx) shows the route's screen from here and the tab bar
// (ui/BottomNav.tsx) draws its tabs from here. Adding a screen is one entry
// here, beside its folder under screens/ (README.md "Adding a screen").
//
// The list's order is the tab bar's order, for every role; a role's first
// tab is the screen it opens on (#/ with no screen named).

import type { ComponentType } from "preact";
import type { Role } from "./api";
import type { MessageKey } from "./i18n";
import { lazy } from "./lazy";
import { LoginScreen } from "./screens/login";
import { TodayScreen } from "./screens/today";
// The screens' own stylesheets go into the page's one CSS file: CSS
// imported by a lazily loaded chunk would not be linked by the page.
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

/** What a screen gets: the route parts after its name (an id, a date). */
export interface ScreenProps {
  params: string[];
}

export interface Screen {
  /** The route's first part: #/plan/<id> is the plan screen. */
  name: string;
  /** Who may open it; every signed-in user when absent. */
  roles?: readonly Role[];
  /** The screen: lazy(() => import(…)) loads its code on first use; the first bundle's screens are given as they are. */
  component: ComponentType<ScreenProps>;
  /** Its tab in the bottom bar, for the roles given (all who may open it when absent). */
  tab?: { label: MessageKey; icon: string; roles?: readonly Role[] };
  /** For a role without the tab, the screen whose tab is lit while it is shown. */
  under?: Partial<Record<Role, string>>;
}

const ADMIN: readonly Role[] = ["admin"];
const AGENT: readonly Role[] = ["agent"];
const SUPERVISING: readonly Role[] = ["supervisor", "admin"];

export const SCREENS: readonly Screen[] = [
  { name: "admin", roles: ADMIN, component: lazy(() => import("./screens/admin")), tab: { label: "nav.admin", icon: "⚙" } },
  // The agent's own tools; a supervisor or admin has no Plan 100 of their own.
  { name: "today", roles: AGENT, component: TodayScreen, tab: { label: "nav.today", icon: "◎" } },
  { name: "plan", roles: AGENT, component: lazy(() => import("./screens/plan")), tab: { label: "nav.plan", icon: "☰" } },
  { name: "customers", roles: AGENT, component: lazy(() => import("./screens/customers")), tab: { label: "nav.customers", icon: "◉" } },
  { name: "log", roles: AGENT, component: lazy(() => import("./screens/log")), tab: { label: "nav.log", icon: "✎" } },
  { name: "me", roles: AGENT, component: lazy(() => import("./screens/me")), tab: { label: "nav.me", icon: "★" } },
  { name: "goal", roles: AGENT, component: lazy(() => import("./screens/goal")), under: { agent: "me" } },
  // A supervisor's day: the review queue first, then the team's numbers,
  // the meeting view and the standings (an admin sees them for any team).
  { name: "queue", roles: SUPERVISING, component: lazy(() => import("./screens/queue")), tab: { label: "nav.queue", icon: "✔", roles: ["supervisor"] } },
  { name: "dashboard", roles: SUPERVISING, component: lazy(() => import("./screens/dashboard")), tab: { label: "nav.dashboard", icon: "▦" } },
  {
    name: "meeting",
    roles: SUPERVISING,
    component: lazy(() => import("./screens/meeting")),
    tab: { label: "nav.meeting", icon: "▶", roles: ["supervisor"] },
    under: { admin: "dashboard" },
  },
  {
    name: "team",
    component: lazy(() => import("./screens/team")),
    tab: { label: "nav.team", icon: "★", roles: ["supervisor"] },
    under: { agent: "me" },
  },
  { name: "agent", roles: SUPERVISING, component: lazy(() => import("./screens/agent")), under: { supervisor: "dashboard", admin: "dashboard" } },
  {
    name: "sync",
    component: lazy(() => import("./screens/sync")),
    tab: { label: "nav.sync", icon: "⇅", roles: ["supervisor", "admin"] },
    under: { agent: "me" },
  },
];

/** The screen shown while nobody is signed in (part of the first bundle). */
export const SignInScreen = LoginScreen;

/** Whose tabs a user sees: an unknown role gets the agent's. */
function tabRole(role: string | undefined): Role {
  return role === "supervisor" || role === "admin" ? role : "agent";
}

const mayOpen = (s: Screen, role: string | undefined) => !s.roles || s.roles.some((r) => r === role);

/** The screen a route names, when the user's role may open it; null otherwise. */
export function screenFor(role: string | undefined, name: string): Screen | null {
  return SCREENS.find((s) => s.name === name && mayOpen(s, role)) ?? null;
}

export interface Tab {
  screen: string;
  label: MessageKey;
  icon: string;
}

/** The tab bar of a role, in order. */
export function tabsFor(role: string | undefined): Tab[] {
  const r = tabRole(role);
  return SCREENS.filter((s) => s.tab && (s.tab.roles ?? s.roles ?? [r]).includes(r)).map((s) => ({ screen: s.name, label: s.tab!.label, icon: s.tab!.icon }));
}

/** The screen shown for the route's first part: the role's first tab when it names none. */
export function currentScreen(role: string | undefined, routeName: string): string {
  return routeName || tabsFor(role)[0]!.screen;
}

/** Whether a tab is lit while `current` is shown: its own screen, or one that belongs under it. */
export function tabLit(role: string | undefined, tab: Tab, current: string): boolean {
  if (tab.screen === current) return true;
  const under = SCREENS.find((s) => s.name === current)?.under;
  return under?.[tabRole(role)] === tab.screen;
}
