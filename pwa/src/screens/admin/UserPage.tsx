// One user: their name, role and team (a move between teams says what it
// means for the agent's records), disabling or enabling the account (asked
// first: it signs them out everywhere), and a new password typed twice.

import { useEffect, useState } from "preact/hooks";
import { session } from "../../api";
import { href } from "../../router";
import { focusFirst } from "../../ui/Field";
import { Confirm } from "./Confirm";
import { NameField, PasswordFields, RoleSelect, roleLabel, TeamSelect } from "./Controls";
import { loadState, putUser, teams, users } from "./directory";
import { SaveStatus } from "./FieldError";
import { DepartUser, HandOverPeople } from "./DepartUser";
import { SignOutUser } from "./SignOutUser";
import { useKept } from "./kept";
import { tr } from "./messages";
import { checkPasswords } from "./password";
import { refusalField, refusalProblem, type Problem } from "./problems";
import { attempt, patchUser, type Outcome } from "./requests";
import {
  checkProfile,
  moveKind,
  PROFILE_REFUSALS,
  profileDraft,
  profilePatch,
  type AdminUser,
  type ProfileDraft,
  type ProfileField,
} from "./users";

type Status = { text: string; bad: boolean };
const QUIET: Status = { text: "", bad: false };

/** What to say when a change did not go through. */
function failure(out: Exclude<Outcome<unknown>, { ok: true }>): Status {
  return out.offline ? { text: tr("notSavedOffline"), bad: true } : { text: tr("notSaved", { message: out.refusal.message }), bad: true };
}

export function UserPage({ id }: { id: string }) {
  const u = users.value?.find((x) => x.id === id);
  if (!u) {
    return (
      <>
        <a class="admin-back" href={href("admin", "users")}>
          {tr("backUsers")}
        </a>
        <p class="muted">{users.value ? tr("noSuchUser") : loadState.value.loading ? tr("loading") : ""}</p>
      </>
    );
  }
  const self = session.value?.user.id === u.id;
  const team = teams.value?.find((t) => t.id === u.team_id);
  return (
    <>
      <a class="admin-back" href={href("admin", "users")}>
        {tr("backUsers")}
      </a>
      <div class="page-head">
        <h1>{u.name || u.username}</h1>
        <span class={u.disabled ? "chip chip--bad" : "chip chip--ok"} data-testid="user-status-chip">
          {u.disabled ? tr("disabled") : tr("active")}
        </span>
      </div>
      <p class="muted">
        {u.username} · {roleLabel(u.role)}
        {team ? ` · ${team.name}` : ""}
      </p>
      {self && <p class="notice">{tr("self")}</p>}
      <Profile user={u} self={self} />
      {!self && <Account user={u} />}
      {!self && !u.disabled && <SignOutUser user={u} />}
      {!self && u.role === "agent" && (!u.disabled || u.left_at) && <DepartUser user={u} />}
      {!self && !u.disabled && (u.role === "agent" || u.role === "supervisor") && <HandOverPeople user={u} />}
      <Password user={u} self={self} />
    </>
  );
}

const ids: Record<ProfileField, string> = { name: "admin-user-name", role: "admin-user-role", teamId: "admin-user-team" };
const ORDER: ProfileField[] = ["name", "role", "teamId"];

function Profile({ user, self }: { user: AdminUser; self: boolean }) {
  const [draft, setDraft, forget] = useKept<ProfileDraft>(`profile:${user.id}`, () => profileDraft(user));
  const [problems, setProblems] = useState<Partial<Record<ProfileField, Problem>>>({});
  const [status, setStatus] = useState<Status>(QUIET);
  const [busy, setBusy] = useState(false);
  const [base, setBase] = useState(user);
  const teamList = teams.value ?? [];

  // The user changed on the server (read again) while the form is untouched: show the new values.
  useEffect(() => {
    if (user === base) return;
    if (Object.keys(profilePatch(base, draft)).length === 0) {
      setDraft(profileDraft(user));
      forget();
    }
    setBase(user);
  }, [user]);

  const set = (change: Partial<ProfileDraft>) => {
    const next = { ...draft, ...change };
    setDraft(next);
    setStatus(QUIET);
    if (Object.keys(problems).length > 0) setProblems(checkProfile(next, teamList));
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const found = checkProfile(draft, teamList);
    setProblems(found);
    if (Object.keys(found).length > 0) {
      setStatus({ text: tr("fix"), bad: true });
      focusFirst(ORDER.filter((f) => found[f]).map((f) => ids[f]));
      return;
    }
    const patch = profilePatch(user, draft);
    if (Object.keys(patch).length === 0) {
      setStatus({ text: tr("unchanged"), bad: false });
      return;
    }
    setBusy(true);
    setStatus({ text: tr("saving"), bad: false });
    const out = await attempt(() => patchUser(user.id, patch));
    setBusy(false);
    if (out.ok) {
      putUser(out.value);
      setDraft(profileDraft(out.value));
      forget();
      setStatus({ text: tr("saved"), bad: false });
      return;
    }
    const field = out.offline ? null : refusalField(out.refusal, PROFILE_REFUSALS);
    if (field && !out.offline) {
      setProblems({ [field]: refusalProblem(out.refusal) });
      setStatus({ text: tr("notSavedField"), bad: true });
      return;
    }
    setStatus(failure(out));
  };

  const move = moveKind(user, draft);
  const p = problems;
  return (
    <form class="card form" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="admin-profile" data-testid="user-profile">
      <h2 id="admin-profile">{tr("profile")}</h2>
      <NameField id={ids.name} value={draft.name} problem={p.name} onChange={(name) => set({ name })} />
      <div class="admin-grid">
        <RoleSelect id={ids.role} value={draft.role} disabled={self} problem={p.role} onChange={(role) => set({ role })} />
        <TeamSelect
          id={ids.teamId}
          role={draft.role}
          value={draft.teamId}
          teams={teamList}
          problem={p.teamId}
          hint={move === "agent" || move === "supervisor" ? "admin-move" : undefined}
          onChange={(teamId) => set({ teamId })}
        />
      </div>
      {(move === "agent" || move === "supervisor") && (
        <p class="notice" id="admin-move" data-testid="user-move">
          {tr(move === "agent" ? "moveAgent" : "moveSupervisor")}
        </p>
      )}
      <SaveStatus status={status} testid="user-status" />
      <button type="submit" class="btn btn--primary" disabled={busy} data-testid="user-save">
        {busy ? tr("saving") : tr("save")}
      </button>
    </form>
  );
}

function Account({ user }: { user: AdminUser }) {
  const [asking, setAsking] = useState(false);
  const [status, setStatus] = useState<Status>(QUIET);
  const [busy, setBusy] = useState(false);
  const name = user.name || user.username;

  const change = async () => {
    setBusy(true);
    const disabled = !user.disabled;
    const out = await attempt(() => patchUser(user.id, { disabled }));
    setBusy(false);
    setAsking(false);
    if (out.ok) {
      putUser(out.value);
      setStatus({ text: tr(out.value.disabled ? "disabledDone" : "enabledDone"), bad: false });
    } else {
      setStatus(failure(out));
    }
  };

  return (
    <section class="card" aria-labelledby="admin-account">
      <h2 id="admin-account">{tr("account")}</h2>
      <p>{tr(user.disabled ? "statusDisabled" : "statusActive")}</p>
      <SaveStatus status={status} testid="user-disable-status" />
      <button
        type="button"
        class={user.disabled ? "btn btn--secondary" : "btn btn--danger"}
        onClick={() => {
          setStatus(QUIET);
          setAsking(true);
        }}
        data-testid="user-disable"
        data-disabled={user.disabled ? "true" : "false"}
      >
        {tr(user.disabled ? "enable" : "disable")}
      </button>
      {asking && (
        <Confirm
          title={tr(user.disabled ? "enableTitle" : "disableTitle", { name })}
          action={tr(user.disabled ? "enableConfirm" : "disableConfirm")}
          danger={!user.disabled}
          busy={busy}
          testid="user-disable-confirm"
          onConfirm={() => void change()}
          onClose={() => setAsking(false)}
        >
          <p>{tr(user.disabled ? "enableBody" : "disableBody")}</p>
          {!user.disabled && user.role === "agent" && (
            // An agent who leaves is better served by the departure: their
            // customers are cared for and their phone's last changes kept.
            <p class="notice">
              {tr("disableOfferDepart")}{" "}
              <button
                type="button"
                class="btn btn--secondary"
                data-testid="user-disable-depart"
                onClick={() => {
                  setAsking(false);
                  const heir = document.getElementById("admin-user-depart-heir");
                  heir?.scrollIntoView({ block: "center" });
                  heir?.focus();
                }}
              >
                {tr("disableToDepart")}
              </button>
            </p>
          )}
        </Confirm>
      )}
    </section>
  );
}

function Password({ user, self }: { user: AdminUser; self: boolean }) {
  const [draft, setDraft, forget] = useKept(`password:${user.id}`, () => ({ password: "", again: "" }));
  const [problems, setProblems] = useState<{ password?: Problem; again?: Problem }>({});
  const [status, setStatus] = useState<Status>(QUIET);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const found = checkPasswords(draft.password, draft.again);
    setProblems(found);
    if (found.password || found.again) {
      setStatus({ text: tr("fix"), bad: true });
      focusFirst([found.password ? "admin-new-password" : "admin-new-password-again"]);
      return;
    }
    setBusy(true);
    setStatus({ text: tr("saving"), bad: false });
    const out = await attempt(() => patchUser(user.id, { password: draft.password }));
    setBusy(false);
    if (out.ok) {
      putUser(out.value);
      setDraft({ password: "", again: "" });
      forget();
      setStatus({ text: tr(self ? "resetDoneSelf" : "resetDone"), bad: false });
      return;
    }
    if (!out.offline && /^password\b/.test(out.refusal.message)) {
      setProblems({ password: refusalProblem(out.refusal) });
      setStatus({ text: tr("notSavedField"), bad: true });
      return;
    }
    setStatus(failure(out));
  };

  return (
    <form class="card form" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="admin-reset">
      <h2 id="admin-reset">{tr("resetTitle")}</h2>
      <p class="muted">{tr(self ? "resetHintSelf" : "resetHint")}</p>
      <PasswordFields
        id="admin-new-password"
        label={tr("newPassword")}
        password={draft.password}
        again={draft.again}
        problems={problems}
        testid="user-new-password"
        onChange={(password, again) => {
          setDraft({ password, again });
          setStatus(QUIET);
          if (problems.password || problems.again) setProblems(checkPasswords(password, again));
        }}
      />
      <SaveStatus status={status} testid="user-password-status" />
      <button type="submit" class="btn btn--primary" disabled={busy} data-testid="user-password-save">
        {busy ? tr("saving") : tr("resetSave")}
      </button>
    </form>
  );
}
