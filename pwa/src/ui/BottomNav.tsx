// The tab bar at the bottom, where the thumb is, with the screens of the
// signed-in user's role.

import { session } from "../api";
import { t, type MessageKey } from "../i18n";
import { href, route } from "../router";

interface Tab {
  screen: string;
  label: MessageKey;
  icon: string;
  /** Other screens that light this tab. */
  also?: string[];
}

const AGENT_TABS: Tab[] = [
  { screen: "today", label: "nav.today", icon: "◎" },
  { screen: "plan", label: "nav.plan", icon: "☰" },
  { screen: "customers", label: "nav.customers", icon: "◉" },
  { screen: "log", label: "nav.log", icon: "✎" },
  { screen: "me", label: "nav.me", icon: "★", also: ["team", "goal", "sync"] },
];

// A supervisor's day: the review queue first, then the team's numbers, the
// meeting view and the standings.
const SUPERVISOR_TABS: Tab[] = [
  { screen: "queue", label: "nav.queue", icon: "✔" },
  { screen: "dashboard", label: "nav.dashboard", icon: "▦", also: ["agent"] },
  { screen: "meeting", label: "nav.meeting", icon: "▶" },
  { screen: "team", label: "nav.team", icon: "★" },
  { screen: "sync", label: "nav.sync", icon: "⇅" },
];

const ADMIN_TABS: Tab[] = [
  { screen: "admin", label: "nav.admin", icon: "⚙" },
  { screen: "dashboard", label: "nav.dashboard", icon: "▦", also: ["agent", "meeting"] },
  { screen: "sync", label: "nav.sync", icon: "⇅" },
];

export function tabsFor(role: string | undefined): Tab[] {
  if (role === "supervisor") return SUPERVISOR_TABS;
  if (role === "admin") return ADMIN_TABS;
  return AGENT_TABS;
}

export function BottomNav() {
  const tabs = tabsFor(session.value?.user.role);
  const current = route.value.screen || tabs[0]!.screen;
  return (
    <nav class="tabbar" aria-label={t("nav.label")}>
      {tabs.map((tab) => {
        const on = tab.screen === current || (tab.also ?? []).includes(current);
        return (
          <a key={tab.screen} class={`tabbar__tab${on ? " tabbar__tab--on" : ""}`} href={href(tab.screen)} aria-current={on ? "page" : undefined}>
            <span class="tabbar__icon" aria-hidden="true">
              {tab.icon}
            </span>
            <span class="tabbar__label">{t(tab.label)}</span>
          </a>
        );
      })}
    </nav>
  );
}
