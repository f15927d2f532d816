// The top of the interface: the update prompt, then either the login screen
// or the signed-in shell — the status strip, the current screen and the
// tab bar. The screens are registry.ts's; those other than Today load on
// first use, so the first paint carries only what it shows. The app PIN's
// pad (ui/PinLock.tsx) covers the shell, which stays mounted underneath.

import { session } from "./api";
import { t } from "./i18n";
import { currentScreen, screenFor, SignInScreen } from "./registry";
import { replica, replicaError } from "./replica";
import { route } from "./router";
import { BottomNav } from "./ui/BottomNav";
import { CallBack } from "./ui/CallBack";
import { PinLock, pinLocked } from "./ui/PinLock";
import { StatusStrip } from "./ui/StatusStrip";
import { UpdateBanner } from "./ui/UpdateBanner";

/** The route's screen, when the signed-in user's role may open it (registry.ts). */
function Screen() {
  const role = session.value?.user.role;
  const { screen, params } = route.value;
  const found = screenFor(role, currentScreen(role, screen));
  if (found) {
    const Component = found.component;
    return <Component params={params} />;
  }
  return (
    <main class="page">
      <p>{t("app.notFound")}</p>
    </main>
  );
}

function Shell() {
  return (
    <div class="shell" inert={pinLocked.value} aria-hidden={pinLocked.value ? "true" : undefined}>
      <StatusStrip />
      {replicaError.value && (
        <p class="error page" role="alert">
          {replicaError.value}
        </p>
      )}
      {replica.value ? (
        <>
          <Screen />
          <CallBack />
        </>
      ) : (
        <main class="page" aria-busy="true">
          <p class="muted">{t("app.loading")}</p>
        </main>
      )}
      <BottomNav />
    </div>
  );
}

export function App() {
  return (
    <>
      <UpdateBanner />
      {session.value ? (
        <>
          <Shell />
          {pinLocked.value && <PinLock />}
        </>
      ) : (
        <SignInScreen />
      )}
    </>
  );
}
