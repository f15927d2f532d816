// The users, paged by the server 50 at a time in username order: search by
// name or username, filter by role and team (on the server, so that a
// thousand users never come down at once), and open one. A table on a wide
// screen; on a phone the username goes under the name and only a disabled
// account says so.

import { signal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { session } from "../../api";
import { go, href } from "../../router";
import { roleLabel } from "./Controls";
import { teams } from "./directory";
import { tr } from "./messages";
import { attempt, getUserPage } from "./requests";
import { ALL_USERS, ROLES, USER_PAGE, type AdminUser, type Team, type UserFilters } from "./users";

// The view outlives the list, so coming back from a user finds the search and filters as they were.
const filters = signal<UserFilters>(ALL_USERS);

/** The user just created, announced once when the list shows again. */
export const justCreated = signal<{ id: string; name: string } | null>(null);

/** Opens the list showing one team's users. */
export function showTeamUsers(teamId: string): void {
  filters.value = { ...ALL_USERS, team: teamId };
  go("admin", "users");
}

/** The pages read so far for one query (key), and the state of the last request. */
interface Listing {
  key: string;
  users: AdminUser[];
  total: number;
  next: string;
  loading: boolean;
  offline: boolean;
  error: string | null;
}

const listing = signal<Listing | null>(null);
let asked = 0;

/** Reads the first page for f, or (more) the page after those shown; a newer request wins over an older one. */
async function loadPage(f: UserFilters, more: boolean): Promise<void> {
  const key = JSON.stringify(f);
  const cur = listing.peek();
  const same = cur?.key === key ? cur : null;
  const cursor = more && same ? same.next : "";
  const mine = ++asked;
  listing.value = { ...(same ?? { users: [], total: 0, next: "" }), key, loading: true, offline: false, error: null };
  const out = await attempt(() => getUserPage(f, cursor));
  if (mine !== asked) return;
  const base = listing.peek()!;
  listing.value = out.ok
    ? { key, users: cursor ? [...base.users, ...out.value.users] : out.value.users, total: out.value.total, next: out.value.next, loading: false, offline: false, error: null }
    : { ...base, loading: false, offline: out.offline, error: out.offline ? null : out.refusal.message };
}

const isDefault = (f: UserFilters) => f.query.trim() === "" && f.role === "all" && f.team === "all";

export function UserList() {
  const teamList = teams.value ?? [];
  const f = filters.value;
  // The first page, again on every visit and at each change of the query (typing waits for a pause).
  useEffect(() => {
    const wait = setTimeout(() => void loadPage(f, false), f.query.trim() ? 250 : 0);
    return () => clearTimeout(wait);
  }, [f]);
  useEffect(
    () => () => {
      justCreated.value = null;
    },
    [],
  );
  const l = listing.value;
  const found = l?.key === JSON.stringify(f) ? l : null;

  return (
    <>
      <div class="page-head">
        <h1>{tr("users")}</h1>
        <button type="button" class="btn btn--primary" onClick={() => go("admin", "users", "new")} data-testid="user-add">
          {tr("add")}
        </button>
      </div>
      {justCreated.value && (
        <p class="notice" role="status">
          {tr("created", { name: justCreated.value.name })} <a href={href("admin", "users", justCreated.value.id)}>{tr("open")}</a>
        </p>
      )}
      <Filters teams={teamList} />
      <section class="card" aria-labelledby="admin-users-count" data-testid="user-list" data-total={found?.total} data-shown={found?.users.length} aria-busy={l?.loading}>
        <p class="muted" id="admin-users-count" role="status" aria-live="polite">
          {!found ? (l?.loading ? tr("loading") : "") : isDefault(f) ? tr("count", { total: found.total }) : tr("shown", { n: found.total })}
        </p>
        {l && (l.offline || l.error) && (
          <div role="alert">
            <p class={l.error ? "error" : ""}>{l.error ? tr("loadFailed", { message: l.error }) : tr("offlineUsers")}</p>
            <button type="button" class="btn btn--secondary" onClick={() => void loadPage(f, found !== null && found.users.length > 0)}>
              {tr("retry")}
            </button>
          </div>
        )}
        {found && found.users.length === 0 && !found.loading && !found.error && !found.offline ? (
          <>
            <p>{tr("noMatch")}</p>
            <button type="button" class="btn btn--secondary" onClick={() => (filters.value = ALL_USERS)}>
              {tr("clear")}
            </button>
          </>
        ) : (
          found && found.users.length > 0 && <UserTable list={found.users} teams={teamList} />
        )}
        {found && found.next && (
          <button
            type="button"
            class="btn btn--secondary btn--block"
            disabled={found.loading}
            onClick={() => void loadPage(f, true)}
            data-testid="user-more"
          >
            {found.loading ? tr("loading") : tr("moreUsers", { shown: found.users.length, total: found.total, n: Math.min(USER_PAGE, found.total - found.users.length) })}
          </button>
        )}
      </section>
    </>
  );
}

function Filters({ teams }: { teams: readonly Team[] }) {
  const f = filters.value;
  const set = (change: Partial<UserFilters>) => (filters.value = { ...filters.value, ...change });
  return (
    <form role="search" class="form admin-filters" onSubmit={(e) => e.preventDefault()}>
      <div class="field admin-filters__search">
        <label for="admin-search">{tr("search")}</label>
        <input
          id="admin-search"
          type="search"
          enterKeyHint="search"
          autoComplete="off"
          autoCapitalize="none"
          placeholder={tr("searchHint")}
          value={f.query}
          onInput={(e) => set({ query: e.currentTarget.value })}
          data-testid="user-search"
        />
      </div>
      <div class="field">
        <label for="admin-filter-role">{tr("role")}</label>
        <select
          id="admin-filter-role"
          value={f.role}
          onChange={(e) => set({ role: e.currentTarget.value as UserFilters["role"] })}
          data-testid="user-filter-role"
        >
          <option value="all">{tr("all")}</option>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {roleLabel(r)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="admin-filter-team">{tr("team")}</label>
        <select id="admin-filter-team" value={f.team} onChange={(e) => set({ team: e.currentTarget.value })} data-testid="user-filter-team">
          <option value="all">{tr("all")}</option>
          {teams.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
          <option value="none">{tr("noTeam")}</option>
        </select>
      </div>
    </form>
  );
}

function UserTable({ list, teams }: { list: AdminUser[]; teams: readonly Team[] }) {
  const names = new Map(teams.map((t) => [t.id, t.name]));
  const me = session.value?.user.id;
  return (
    <table class="table admin-users">
      <thead>
        <tr>
          <th scope="col">{tr("colName")}</th>
          <th scope="col" class="admin-wide">
            {tr("colUsername")}
          </th>
          <th scope="col">{tr("role")}</th>
          <th scope="col">{tr("team")}</th>
          <th scope="col" class="admin-wide">
            {tr("colStatus")}
          </th>
        </tr>
      </thead>
      <tbody>
        {list.map((u) => (
          <tr
            key={u.id}
            class={u.disabled ? "admin-users__row admin-users__row--off" : "admin-users__row"}
            data-testid="user-row"
            data-username={u.username}
            data-disabled={u.disabled ? "true" : undefined}
            // The row opens the user too, for a mouse; the link is the row's keyboard and reader way in.
            onClick={(e) => {
              if (!(e.target as Element).closest("a")) go("admin", "users", u.id);
            }}
          >
            <th scope="row">
              <a class="admin-users__link" href={href("admin", "users", u.id)}>
                <span class="admin-users__name">
                  {u.name || u.username}
                  {u.id === me && <span class="chip">{tr("you")}</span>}
                </span>
                <span class="admin-narrow admin-users__sub">{u.username}</span>
                {u.disabled && <span class="admin-narrow chip chip--bad">{tr("disabled")}</span>}
              </a>
            </th>
            <td class="admin-wide">{u.username}</td>
            <td>{roleLabel(u.role)}</td>
            <td>{u.team_id ? (names.get(u.team_id) ?? tr("unknownTeam")) : <span class="muted">{tr("none")}</span>}</td>
            <td class="admin-wide">
              <span class={u.disabled ? "chip chip--bad" : "chip chip--ok"}>{u.disabled ? tr("disabled") : tr("active")}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
