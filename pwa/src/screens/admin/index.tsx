// The admin's screens (docs/api.md "Admin"): users and teams, and each team's
// scoring rules. `#/admin` and `#/admin/users` list the users,
// `#/admin/users/new` adds one, `#/admin/users/<id>` is one user;
// `#/admin/teams` lists and adds teams, `#/admin/teams/<id>` is a team's
// settings; `#/admin/access` is the access log of customer files;
// `#/admin/requests` the register of personal-information requests. Online only: every action needs the server, and what was typed
// stays on screen (and in memory) when it cannot be reached.

import { useEffect } from "preact/hooks";
import { AccessList } from "./AccessList";
import { useReconnects } from "../../replica";
import { href } from "../../router";
import { loadDirectory, loadState, users } from "./directory";
import { tr } from "./messages";
import { NewUser } from "./NewUser";
import { knownOffline, useRetryWhile } from "./reconnect";
import { TeamList } from "./TeamList";
import { TeamPage } from "./TeamPage";
import { UserList } from "./UserList";
import { UserPage } from "./UserPage";
import { PrivacyRequests } from "../../ui/PrivacyRequests";

export default function AdminScreen({ params }: { params: string[] }) {
  const [section = "users", id] = params;
  const reconnects = useReconnects();
  // Read on arrival, and again when the network comes back after a failure.
  useEffect(() => void loadDirectory(), []);
  useEffect(() => {
    if (reconnects > 0 && (loadState.peek().offline || loadState.peek().error)) void loadDirectory();
  }, [reconnects]);
  useRetryWhile(loadState.value.offline, () => void loadDirectory());

  let body;
  let wide = false;
  if (section === "users" && !id) {
    body = <UserList />;
    wide = true;
  } else if (section === "users" && id === "new") {
    body = <NewUser />;
  } else if (section === "users" && id) {
    // Keyed, so going from one user to another starts with fresh state.
    body = <UserPage key={id} id={id} />;
  } else if (section === "teams" && !id) {
    body = <TeamList />;
  } else if (section === "teams" && id) {
    body = <TeamPage key={id} id={id} />;
  } else if (section === "access" && !id) {
    body = <AccessList />;
    wide = true;
  } else if (section === "requests" && !id) {
    body = <Requests />;
  } else {
    body = <p>{tr("noSuchPage")}</p>;
  }
  return (
    <main class={wide ? "page page--wide admin" : "page admin"}>
      <AdminNav section={section} />
      <Connection />
      {body}
    </main>
  );
}

function AdminNav({ section }: { section: string }) {
  const link = (to: "users" | "teams" | "access" | "requests") => (
    <a
      href={href("admin", to)}
      class={`tabs__btn admin-nav__link${section === to ? " tabs__btn--on" : ""}`}
      aria-current={section === to ? "page" : undefined}
      data-testid={`admin-nav-${to}`}
    >
      {tr(to)}
    </a>
  );
  return (
    <nav class="tabs admin-nav" aria-label={tr("nav")}>
      {link("users")}
      {link("teams")}
      {link("access")}
      {link("requests")}
    </nav>
  );
}

/** The register of every team's requests, the agents named. */
function Requests() {
  const names = new Map((users.value ?? []).map((u) => [u.id, u.name || u.username]));
  return <PrivacyRequests heading="h1" agentName={(id) => names.get(id) ?? id} />;
}

/** Says when the server cannot be reached, or refused to answer, with a way to try again. */
function Connection() {
  const s = loadState.value;
  if (s.error) {
    return (
      <div class="card admin-connection" role="alert">
        <p class="error">{tr("loadFailed", { message: s.error })}</p>
        <button type="button" class="btn btn--secondary" disabled={s.loading} onClick={() => void loadDirectory()}>
          {tr("retry")}
        </button>
      </div>
    );
  }
  if (!s.offline && !knownOffline()) return null;
  return (
    <div class="notice admin-connection" role="status" data-testid="admin-offline">
      <p>{tr("offline")}</p>
      {s.offline && (
        <button type="button" class="btn btn--secondary" disabled={s.loading} onClick={() => void loadDirectory()}>
          {s.loading ? tr("loading") : tr("retry")}
        </button>
      )}
    </div>
  );
}
