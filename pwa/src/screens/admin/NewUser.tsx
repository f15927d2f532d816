// Adding a user: username, name, role, team (agents and supervisors need
// one) and a password typed twice, checked here as the server will check
// them. What is typed is kept until the user exists, whatever the network.

import { useState } from "preact/hooks";
import { go, href } from "../../router";
import { Field, focusFirst } from "../../ui/Field";
import { FormActions } from "../../ui/FormActions";
import { NameField, PasswordFields, RoleSelect, TeamSelect } from "./Controls";
import { loadDirectory, putUser, teams, users } from "./directory";
import { describedBy, FieldError, SaveStatus } from "./FieldError";
import { useKept } from "./kept";
import { tr } from "./messages";
import { refusalField, refusalProblem, type Problem } from "./problems";
import { attempt, createUser } from "./requests";
import { justCreated } from "./UserList";
import {
  checkNewUser,
  EMPTY_USER,
  NEW_USER_REFUSALS,
  newUserBody,
  type AdminUser,
  type NewUserDraft,
  type NewUserField,
} from "./users";

const ORDER: NewUserField[] = ["username", "name", "role", "teamId", "password", "again"];
const ids: Record<NewUserField, string> = {
  username: "admin-username",
  name: "admin-name",
  role: "admin-role",
  teamId: "admin-team",
  password: "admin-password",
  again: "admin-password-again",
};

export function NewUser() {
  const [draft, setDraft, forget] = useKept<NewUserDraft>("new-user", () => EMPTY_USER);
  const [problems, setProblems] = useState<Partial<Record<NewUserField, Problem>>>({});
  const [status, setStatus] = useState({ text: "", bad: false });
  const [busy, setBusy] = useState(false);
  // A create that got no answer may have reached the server: then the next try finds the username taken.
  const [unanswered, setUnanswered] = useState(false);
  const [existing, setExisting] = useState<AdminUser | null>(null);
  const teamList = teams.value ?? [];

  const set = (change: Partial<NewUserDraft>) => {
    const next = { ...draft, ...change };
    // An admin needs no team; an agent or supervisor keeps the one chosen.
    setDraft(next);
    setStatus({ text: "", bad: false });
    // Once problems are shown, each one goes as soon as it is fixed.
    if (Object.keys(problems).length > 0) setProblems(checkNewUser(next, teamList));
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const found = checkNewUser(draft, teamList);
    setProblems(found);
    if (Object.keys(found).length > 0) {
      setStatus({ text: tr("fix"), bad: true });
      focusFirst(ORDER.filter((f) => found[f]).map((f) => ids[f]));
      return;
    }
    setBusy(true);
    setExisting(null);
    setStatus({ text: tr("saving"), bad: false });
    const body = newUserBody(draft);
    const out = await attempt(() => createUser(body));
    setBusy(false);
    if (out.ok) {
      putUser(out.value);
      forget();
      justCreated.value = { id: out.value.id, name: out.value.name || out.value.username };
      go("admin", "users");
      return;
    }
    if (out.offline) {
      setUnanswered(true);
      setStatus({ text: tr("notSavedOffline"), bad: true });
      return;
    }
    if (unanswered && out.refusal.code === "conflict") {
      await loadDirectory();
      const found = users.peek()?.find((u) => u.username.toLowerCase() === body.username.toLowerCase()) ?? null;
      if (found) {
        setExisting(found);
        setStatus({ text: "", bad: false });
        return;
      }
    }
    const field = refusalField(out.refusal, NEW_USER_REFUSALS);
    if (field) {
      setProblems({ [field]: refusalProblem(out.refusal) });
      focusFirst([ids[field]]);
    }
    setStatus({ text: field ? tr("notSavedField") : tr("notSaved", { message: out.refusal.message }), bad: true });
  };

  const p = problems;
  return (
    <>
      <a class="admin-back" href={href("admin", "users")}>
        {tr("backUsers")}
      </a>
      <h1>{tr("newTitle")}</h1>
      {teams.value && teamList.length === 0 && (
        <p class="notice">
          {tr("noTeams")} <a href={href("admin", "teams")}>{tr("goTeams")}</a>
        </p>
      )}
      <form class="card form" noValidate onSubmit={(e) => void submit(e)} data-testid="user-form">
        <Field id={ids.username} label={tr("username")}>
          <input
            id={ids.username}
            value={draft.username}
            autoComplete="off"
            autoCapitalize="none"
            spellcheck={false}
            maxLength={64}
            required
            data-testid="user-username"
            onInput={(e) => set({ username: e.currentTarget.value })}
            {...describedBy(ids.username, p.username, "admin-username-hint")}
          />
          <p class="muted admin-hint" id="admin-username-hint">
            {tr("usernameHint")}
          </p>
          <FieldError id={ids.username} problem={p.username} />
        </Field>
        <NameField id={ids.name} value={draft.name} problem={p.name} hintText={tr("nameHint")} onChange={(name) => set({ name })} />
        <div class="admin-grid">
          <RoleSelect id={ids.role} value={draft.role} problem={p.role} onChange={(role) => set({ role })} />
          <TeamSelect
            id={ids.teamId}
            role={draft.role}
            value={draft.teamId}
            teams={teamList}
            problem={p.teamId}
            hintText={tr("teamHint")}
            onChange={(teamId) => set({ teamId })}
          />
        </div>
        <PasswordFields
          id={ids.password}
          label={tr("password")}
          password={draft.password}
          again={draft.again}
          problems={{ password: p.password, again: p.again }}
          testid="user-password"
          onChange={(password, again) => set({ password, again })}
        />
        <SaveStatus status={status} testid="user-status" />
        {existing && (
          <p class="notice" role="status" data-testid="user-maybe-created">
            {tr("maybeCreated", { name: existing.username })} <a href={href("admin", "users", existing.id)}>{tr("open")}</a>
          </p>
        )}
        <FormActions
          label={busy ? tr("saving") : tr("create")}
          testid="user-save"
          busy={busy}
          onCancel={() => {
            forget();
            go("admin", "users");
          }}
        />
      </form>
    </>
  );
}
