// The tab bar at the bottom, where the thumb is, with the screens of the
// signed-in user's role (registry.ts lists them, in order).

import { session } from "../api";
import { t } from "../i18n";
import { currentScreen, tabLit, tabsFor } from "../registry";
import { href, route } from "../router";

export function BottomNav() {
  const role = session.value?.user.role;
  const tabs = tabsFor(role);
  const current = currentScreen(role, route.value.screen);
  return (
    <nav class="tabbar" aria-label={t("nav.label")}>
      {tabs.map((tab) => {
        const on = tabLit(role, tab, current);
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
