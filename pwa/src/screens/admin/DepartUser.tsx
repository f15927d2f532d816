// An agent leaves: their customers, prospects and consents go to a colleague
// of their team or its supervisor (asked first), their phones send what they still hold and
// delete their data, and the policyholders to tell within 30 days are listed
// — a deliberate tap, since reading the list is on the access log.

import { useState } from "preact/hooks";
import { formatDay } from "../../i18n";
import { Field } from "../../ui/Field";
import { Confirm } from "./Confirm";
import { putUser, users } from "./directory";
import { SaveStatus } from "./FieldError";
import { tr } from "./messages";
import { attempt, departUser, downloadPolicyholders, getPolicyholders, handOverUser, type Outcome, type Policyholder } from "./requests";
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

/** The active users of u's team, but u, in the roles given. */
function heirsOf(u: AdminUser, roles: readonly string[]): AdminUser[] {
  return (users.value ?? []).filter((x) => roles.includes(x.role) && !x.disabled && x.id !== u.id && x.team_id !== "" && x.team_id === u.team_id);
}

function Depart({ user }: { user: AdminUser }) {
  return (
    <PassOn
      user={user}
      heirs={heirsOf(user, ["agent", "supervisor"])}
      testid="user-depart"
      words={{ title: tr("departTitle"), hint: tr("departHint"), heir: tr("departHeir"), start: tr("departStart"), confirm: tr("departConfirm") }}
      ask={(heir) => tr("departAsk", { name: nameOf(user), heir: nameOf(heir) })}
      run={async (heir) => {
        const out = await attempt(() => departUser(user.id, heir));
        if (out.ok) putUser(out.value.user);
        return out.ok ? null : failure(out);
      }}
    />
  );
}

/** Hands a user's people on to an agent of the team, nobody disabled. */
export function HandOverPeople({ user }: { user: AdminUser }) {
  return (
    <PassOn
      user={user}
      heirs={heirsOf(user, ["agent"])}
      testid="user-hand-over"
      words={{ title: tr("handOverTitle"), hint: tr("handOverHint"), heir: tr("departHeir"), start: tr("handOverStart"), confirm: tr("handOverConfirm") }}
      ask={(heir) => tr("handOverAsk", { name: nameOf(user), heir: nameOf(heir) })}
      run={async (heir) => {
        const out = await attempt(() => handOverUser(user.id, heir));
        return out.ok ? { text: tr("handOverDone", { heir: nameOf(users.value?.find((u) => u.id === heir)) }), bad: false } : failure(out);
      }}
    />
  );
}

/** A card that passes user's people to one of heirs, asked first; run answers the status to show (null: none). */
function PassOn(props: {
  user: AdminUser;
  heirs: AdminUser[];
  testid: string;
  words: { title: string; hint: string; heir: string; start: string; confirm: string };
  ask: (heir: AdminUser) => string;
  run: (heirId: string) => Promise<Status | null>;
}) {
  const { testid, words } = props;
  const [heir, setHeir] = useState("");
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<Status>(QUIET);
  const chosen = props.heirs.find((u) => u.id === heir);
  const id = `admin-${testid}`;

  const run = async () => {
    setBusy(true);
    const s = await props.run(heir);
    setBusy(false);
    setAsking(false);
    if (s) setStatus(s);
  };

  return (
    <section class="card" aria-labelledby={id} data-testid={testid}>
      <h2 id={id}>{words.title}</h2>
      <p class="muted">{words.hint}</p>
      {props.heirs.length === 0 ? (
        <p class="notice">{tr("departNoColleague")}</p>
      ) : (
        <>
          <Field id={`${id}-heir`} label={words.heir}>
            <select id={`${id}-heir`} value={heir} data-testid={`${testid}-heir`} onChange={(e) => setHeir((e.target as HTMLSelectElement).value)}>
              <option value="">{tr("departChoose")}</option>
              {props.heirs.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.role === "supervisor" ? tr("departSupervisor", { name: nameOf(u) }) : nameOf(u)}
                </option>
              ))}
            </select>
          </Field>
          <SaveStatus status={status} testid={`${testid}-status`} />
          <button
            type="button"
            class="btn btn--danger"
            disabled={!chosen}
            data-testid={`${testid}-start`}
            onClick={() => {
              setStatus(QUIET);
              setAsking(true);
            }}
          >
            {words.start}
          </button>
        </>
      )}
      {asking && chosen && (
        <Confirm title={props.ask(chosen)} action={words.confirm} busy={busy} testid={`${testid}-confirm`} onConfirm={() => void run()} onClose={() => setAsking(false)}>
          <p>{words.hint}</p>
        </Confirm>
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
