// An agent leaves: their customers, prospects and consents go to a colleague
// of their team (asked first), their phones send what they still hold and
// delete their data, and the policyholders to tell within 30 days are listed
// — a deliberate tap, since reading the list is on the access log.

import { useState } from "preact/hooks";
import { formatDay } from "../../i18n";
import { Field } from "../../ui/Field";
import { Sheet } from "../../ui/Sheet";
import { putUser, users } from "./directory";
import { SaveStatus } from "./FieldError";
import { tr } from "./messages";
import { attempt, departUser, downloadPolicyholders, getPolicyholders, type Outcome, type Policyholder } from "./requests";
import type { AdminUser } from "./users";

type Status = { text: string; bad: boolean };
const QUIET: Status = { text: "", bad: false };

function failure(out: Exclude<Outcome<unknown>, { ok: true }>): Status {
  return out.offline ? { text: tr("notSavedOffline"), bad: true } : { text: tr("notSaved", { message: out.refusal.message }), bad: true };
}

const nameOf = (u: AdminUser | undefined) => (u ? u.name || u.username : "");

/** The departure card of an agent: start it, or what it left to do. */
export function DepartUser({ user }: { user: AdminUser }) {
  return user.left_at ? <Departed user={user} /> : <Depart user={user} />;
}

function Depart({ user }: { user: AdminUser }) {
  const colleagues = (users.value ?? []).filter((u) => u.role === "agent" && !u.disabled && u.id !== user.id && u.team_id === user.team_id);
  const [heir, setHeir] = useState("");
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<Status>(QUIET);
  const chosen = colleagues.find((u) => u.id === heir);

  const run = async () => {
    setBusy(true);
    const out = await attempt(() => departUser(user.id, heir));
    setBusy(false);
    setAsking(false);
    if (out.ok) putUser(out.value.user);
    else setStatus(failure(out));
  };

  return (
    <section class="card" aria-labelledby="admin-depart" data-testid="user-depart">
      <h2 id="admin-depart">{tr("departTitle")}</h2>
      <p class="muted" id="admin-depart-hint">
        {tr("departHint")}
      </p>
      {colleagues.length === 0 ? (
        <p class="notice">{tr("departNoColleague")}</p>
      ) : (
        <>
          <Field id="admin-depart-heir" label={tr("departHeir")}>
            <select id="admin-depart-heir" value={heir} data-testid="user-depart-heir" onChange={(e) => setHeir((e.target as HTMLSelectElement).value)}>
              <option value="">{tr("departChoose")}</option>
              {colleagues.map((u) => (
                <option key={u.id} value={u.id}>
                  {nameOf(u)}
                </option>
              ))}
            </select>
          </Field>
          <SaveStatus status={status} testid="user-depart-status" />
          <button
            type="button"
            class="btn btn--danger"
            disabled={!chosen}
            data-testid="user-depart-start"
            onClick={() => {
              setStatus(QUIET);
              setAsking(true);
            }}
          >
            {tr("departStart")}
          </button>
        </>
      )}
      {asking && chosen && (
        <Sheet title={tr("departAsk", { name: nameOf(user), heir: nameOf(chosen) })} onClose={() => !busy && setAsking(false)}>
          <p>{tr("departHint")}</p>
          <div class="row">
            <button type="button" class="btn btn--danger" disabled={busy} onClick={() => void run()} data-testid="user-depart-confirm">
              {busy ? tr("saving") : tr("departConfirm")}
            </button>
            <button type="button" class="btn btn--secondary" disabled={busy} onClick={() => setAsking(false)}>
              {tr("cancel")}
            </button>
          </div>
        </Sheet>
      )}
    </section>
  );
}

function Departed({ user }: { user: AdminUser }) {
  const heir = users.value?.find((u) => u.id === user.heir_id);
  const [list, setList] = useState<{ notifyBy: string; holders: Policyholder[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<Status>(QUIET);

  const show = async () => {
    setBusy(true);
    setStatus(QUIET);
    const out = await attempt(() => getPolicyholders(user.id));
    setBusy(false);
    if (out.ok) setList({ notifyBy: out.value.notify_by, holders: out.value.policyholders });
    else setStatus(failure(out));
  };
  const download = async () => {
    const out = await attempt(() => downloadPolicyholders(user.id));
    if (!out.ok) setStatus(failure(out));
  };

  return (
    <section class="card" aria-labelledby="admin-departed" data-testid="user-departed">
      <h2 id="admin-departed">{tr("departedTitle")}</h2>
      <p data-testid="user-departed-summary">{tr("departedSummary", { date: formatDay(user.left_at ?? ""), heir: nameOf(heir) || tr("departedUnknownHeir") })}</p>
      <p class="muted">{tr("departedPhones")}</p>
      <SaveStatus status={status} testid="user-departed-status" />
      {list === null ? (
        <button type="button" class="btn" disabled={busy} onClick={() => void show()} data-testid="user-policyholders">
          {busy ? tr("loading") : tr("policyholdersShow")}
        </button>
      ) : (
        <>
          <p data-testid="user-policyholders-due">{tr("policyholdersDue", { date: formatDay(list.notifyBy), n: list.holders.length })}</p>
          {list.holders.length > 0 && (
            <ul class="list" data-testid="user-policyholders-list">
              {list.holders.map((p) => (
                <li key={p.customer_id}>
                  <strong>{p.name}</strong>
                  {p.phone && (
                    <>
                      {" · "}
                      <a href={`tel:${p.phone}`}>{p.phone}</a>
                    </>
                  )}
                  <span class="muted"> · {tr("policyholderDeals", { n: p.deals, date: formatDay(p.last_deal_at) })}</span>
                </li>
              ))}
            </ul>
          )}
          <button type="button" class="btn btn--secondary" onClick={() => void download()} data-testid="user-policyholders-download">
            {tr("policyholdersDownload")}
          </button>
        </>
      )}
    </section>
  );
}
