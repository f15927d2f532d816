// The top of the interface: the update prompt, then either the login screen
// or the signed-in shell — the status strip, the current screen and the
// tab bar. Screens other than Today load on first use, so the first paint
// carries only what it shows.

import { session } from "./api";
import { lazy } from "./lazy";
import { replica, replicaError } from "./replica";
import { route } from "./router";
import { LoginScreen } from "./screens/login";
import { TodayScreen } from "./screens/today";
import { t } from "./i18n";
import { BottomNav, tabsFor } from "./ui/BottomNav";
import { StatusStrip } from "./ui/StatusStrip";
import { UpdateBanner } from "./ui/UpdateBanner";

/** What a screen gets: the route parts after its name (an id, a date). */
interface ScreenProps {
  params: string[];
}

const SyncScreen = lazy(() => import("./screens/sync"));
const PlanScreen = lazy<ScreenProps>(() => import("./screens/plan"));
const CustomersScreen = lazy<ScreenProps>(() => import("./screens/customers"));
const LogScreen = lazy<ScreenProps>(() => import("./screens/log"));
const MeScreen = lazy<ScreenProps>(() => import("./screens/me"));
const TeamScreen = lazy<ScreenProps>(() => import("./screens/team"));
const GoalScreen = lazy<ScreenProps>(() => import("./screens/goal"));
const QueueScreen = lazy<ScreenProps>(() => import("./screens/queue"));
const AgentScreen = lazy<ScreenProps>(() => import("./screens/agent"));
const DashboardScreen = lazy<ScreenProps>(() => import("./screens/dashboard"));
const MeetingScreen = lazy<ScreenProps>(() => import("./screens/meeting"));
const AdminScreen = lazy<ScreenProps>(() => import("./screens/admin"));

function Screen() {
  const role = session.value?.user.role;
  const { screen, params } = route.value;
  const current = screen || tabsFor(role)[0]!.screen;
  // Agents' own tools; a supervisor or admin has no Plan 100 of their own.
  if (role === "agent") {
    switch (current) {
      case "today":
        return <TodayScreen />;
      case "plan":
        return <PlanScreen params={params} />;
      case "customers":
        return <CustomersScreen params={params} />;
      case "log":
        return <LogScreen params={params} />;
      case "me":
        return <MeScreen params={params} />;
      case "goal":
        return <GoalScreen params={params} />;
    }
  }
  // A supervisor's workspace (an admin sees it for any team).
  if (role === "supervisor" || role === "admin") {
    switch (current) {
      case "queue":
        return <QueueScreen params={params} />;
      case "dashboard":
        return <DashboardScreen params={params} />;
      case "agent":
        return <AgentScreen params={params} />;
      case "meeting":
        return <MeetingScreen params={params} />;
    }
  }
  if (role === "admin" && current === "admin") return <AdminScreen params={params} />;
  switch (current) {
    case "team":
      return <TeamScreen params={params} />;
    case "sync":
      return <SyncScreen />;
  }
  return (
    <main class="page">
      <p>{t("app.notFound")}</p>
    </main>
  );
}

function Shell() {
  return (
    <div class="shell">
      <StatusStrip />
      {replicaError.value && (
        <p class="error page" role="alert">
          {replicaError.value}
        </p>
      )}
      {replica.value ? (
        <Screen />
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
      {session.value ? <Shell /> : <LoginScreen />}
    </>
  );
}
