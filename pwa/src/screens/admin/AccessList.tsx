// The full access log (#/admin/access, GET /api/access-log): every opening
// of an agent's customer files by a supervisor or an admin, newest first,
// with who, whose, which file, why and when.

import { formatDateTime, t } from "../../i18n";
import { useRemote } from "../../remote";
import { parseAccessLog } from "../../remote/access";
import { RemoteNote } from "../../ui/RemoteNote";
import { users } from "./directory";
import { tr } from "./messages";

export function AccessList() {
  const remote = useRemote("/api/access-log?limit=500", "admin-access-log", parseAccessLog);
  const names = new Map((users.value ?? []).map((u) => [u.id, u.name || u.username]));
  const entries = remote.value ?? [];
  return (
    <section class="card" aria-labelledby="admin-access" data-testid="admin-access" data-count={entries.length}>
      <h1 id="admin-access">{tr("access.title")}</h1>
      <p class="muted">{tr("access.intro")}</p>
      <RemoteNote remote={remote} />
      {remote.value &&
        (entries.length === 0 ? (
          <p class="muted">{tr("access.none")}</p>
        ) : (
          <div class="admin-access-wrap">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">{tr("access.when")}</th>
                  <th scope="col">{tr("access.who")}</th>
                  <th scope="col">{tr("access.whose")}</th>
                  <th scope="col">{tr("access.file")}</th>
                  <th scope="col">{tr("access.purpose")}</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <tr key={`${e.at}-${e.userId}-${e.file}`} data-testid="admin-access-row" data-user={e.username}>
                    <td>{formatDateTime(e.at)}</td>
                    <td>
                      {e.username} <span class="muted">({t(e.role === "admin" ? "role.admin" : e.role === "agent" ? "role.agent" : "role.supervisor")})</span>
                    </td>
                    <td>{names.get(e.agentId) ?? e.agentId}</td>
                    <td>{e.file === "all" ? tr("access.all") : tr("access.one")}</td>
                    <td>{e.purpose}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </section>
  );
}
