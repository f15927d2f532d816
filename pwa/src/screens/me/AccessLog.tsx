// 谁查看了我的客户档案 — who opened the agent's customer files, when and why
// (GET /api/access-log): every opening by a supervisor or an admin is on
// the server's record before they saw the files. The last answer is kept
// for offline, shown with "as of".

import { useCollection } from "../../data";
import { formatDateTime, t } from "../../i18n";
import { useRemote } from "../../remote";
import { parseAccessLog, type AccessEntry } from "../../remote/access";
import { RemoteNote } from "../../ui/RemoteNote";
import { tr } from "./messages";

function roleWord(role: string): string {
  return role === "supervisor" ? t("role.supervisor") : role === "admin" ? t("role.admin") : t("role.agent");
}

export function AccessLog() {
  const remote = useRemote("/api/access-log?limit=50", "access-log", parseAccessLog);
  const customers = useCollection("customers");
  const what = (e: AccessEntry): string => {
    if (e.file === "all") return tr("access.all");
    const name = customers.get(e.file)?.fields["name"];
    return typeof name === "string" && name ? tr("access.one", { name }) : tr("access.oneUnnamed");
  };
  const entries = remote.value ?? [];
  return (
    <section class="card" aria-labelledby="me-access" data-testid="access-log" data-count={entries.length}>
      <h2 id="me-access">{tr("access.title")}</h2>
      <p class="muted">{tr("access.intro")}</p>
      <RemoteNote remote={remote} />
      {remote.value &&
        (entries.length === 0 ? (
          <p class="muted" data-testid="access-none">
            {tr("access.none")}
          </p>
        ) : (
          <ol class="list">
            {entries.map((e) => (
              <li key={`${e.at}-${e.userId}-${e.file}`} class="list__item" data-testid="access-entry" data-user={e.username}>
                <p class="list__title">
                  {tr("access.who", { name: e.username, role: roleWord(e.role) })}
                  <span class="muted"> · {formatDateTime(e.at)}</span>
                </p>
                <p>{what(e)}</p>
                <p class="muted">{tr("access.purpose", { purpose: e.purpose })}</p>
              </li>
            ))}
          </ol>
        ))}
    </section>
  );
}
