// The teams, each with its members and a way into its scoring rules, and a
// form to add one (a name and a time zone; Asia/Shanghai unless chosen).

import { signal } from "@preact/signals";
import { useEffect, useState } from "preact/hooks";
import { href } from "../../router";
import { Field } from "../../ui/Field";
import { TimeZoneField } from "./Controls";
import { loadDirectory, loadState, putTeam, teams, users } from "./directory";
import { describedBy, FieldError, focusFirstThere, SaveStatus } from "./FieldError";
import { useKept } from "./kept";
import { tr } from "./messages";
import { refusalField, refusalProblem, type Problem } from "./problems";
import { attempt, createTeam } from "./requests";
import { checkNewTeam, DEFAULT_TIME_ZONE, NEW_TEAM_REFUSALS, TEAM_NAME_MAX, teamCounts, type NewTeamDraft } from "./users";

/** The team just created, announced with a way into its rules. */
const justCreated = signal<{ id: string; name: string; maybe?: boolean } | null>(null);

export function TeamList() {
  const list = teams.value;
  const counts = teamCounts(users.value ?? []);
  useEffect(
    () => () => {
      justCreated.value = null;
    },
    [],
  );
  return (
    <>
      <h1>{tr("teams")}</h1>
      {justCreated.value && (
        <p class="notice" role="status">
          {tr(justCreated.value.maybe ? "maybeTeam" : "teamCreated", { name: justCreated.value.name })}{" "}
          <a href={href("admin", "teams", justCreated.value.id)}>{tr("openSettings")}</a>
        </p>
      )}
      {!list ? (
        <p class="muted">{loadState.value.loading ? tr("loading") : ""}</p>
      ) : (
        <section class="card" aria-label={tr("teams")}>
          {list.length === 0 ? (
            <p>{tr("noTeamsYet")}</p>
          ) : (
            <ul class="list admin-teams">
              {list.map((t) => {
                const c = counts.get(t.id) ?? { agents: 0, supervisors: 0 };
                return (
                  <li key={t.id}>
                    <a class="row-link" href={href("admin", "teams", t.id)} data-testid="team-row" data-id={t.id} data-name={t.name}>
                      <span class="row-link__main">
                        <span class="row-link__title">{t.name}</span>
                        <span class="row-link__sub admin-block">
                          {tr("members", c)} · {t.time_zone}
                        </span>
                      </span>
                      <span aria-hidden="true">›</span>
                    </a>
                  </li>
                );
              })}
            </ul>
          )}
        </section>
      )}
      <NewTeam />
    </>
  );
}

function NewTeam() {
  const [draft, setDraft, forget] = useKept<NewTeamDraft & { other: boolean }>("new-team", () => ({
    name: "",
    timeZone: DEFAULT_TIME_ZONE,
    other: false,
  }));
  const [problems, setProblems] = useState<Partial<Record<keyof NewTeamDraft, Problem>>>({});
  const [status, setStatus] = useState({ text: "", bad: false });
  const [busy, setBusy] = useState(false);
  // A create that got no answer may have reached the server: then the next try finds the name taken.
  const [unanswered, setUnanswered] = useState(false);
  const list = teams.value ?? [];

  const set = (change: Partial<NewTeamDraft & { other: boolean }>) => {
    const next = { ...draft, ...change };
    setDraft(next);
    setStatus({ text: "", bad: false });
    if (Object.keys(problems).length > 0) setProblems(checkNewTeam(next, list));
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const found = checkNewTeam(draft, unanswered ? [] : list);
    setProblems(found);
    if (Object.keys(found).length > 0) {
      setStatus({ text: tr("fix"), bad: true });
      focusFirstThere(found.name ? ["admin-team-name"] : ["admin-team-tz-name", "admin-team-tz"]);
      return;
    }
    setBusy(true);
    setStatus({ text: tr("saving"), bad: false });
    const out = await attempt(() => createTeam({ name: draft.name.trim(), time_zone: draft.timeZone.trim() }));
    setBusy(false);
    if (out.ok) {
      putTeam(out.value);
      setDraft({ name: "", timeZone: DEFAULT_TIME_ZONE, other: false });
      forget();
      setStatus({ text: "", bad: false });
      justCreated.value = { id: out.value.id, name: out.value.name };
      return;
    }
    if (out.offline) {
      setUnanswered(true);
      setStatus({ text: tr("notSavedOffline"), bad: true });
      return;
    }
    if (unanswered && out.refusal.code === "conflict") {
      await loadDirectory();
      const same = teams.peek()?.find((t) => t.name === draft.name.trim());
      if (same) {
        setUnanswered(false);
        setStatus({ text: "", bad: false });
        justCreated.value = { id: same.id, name: same.name, maybe: true };
        return;
      }
    }
    const field = refusalField(out.refusal, NEW_TEAM_REFUSALS);
    if (field) {
      setProblems({ [field]: refusalProblem(out.refusal) });
      focusFirstThere(field === "name" ? ["admin-team-name"] : ["admin-team-tz-name", "admin-team-tz"]);
    }
    setStatus({ text: field ? tr("notSavedField") : tr("notSaved", { message: out.refusal.message }), bad: true });
  };

  return (
    <form class="card form" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="admin-new-team">
      <h2 id="admin-new-team">{tr("newTeam")}</h2>
      <Field id="admin-team-name" label={tr("teamName")}>
        <input
          id="admin-team-name"
          value={draft.name}
          autoComplete="off"
          maxLength={TEAM_NAME_MAX}
          data-testid="team-name"
          onInput={(e) => set({ name: e.currentTarget.value })}
          {...describedBy("admin-team-name", problems.name)}
        />
        <FieldError id="admin-team-name" problem={problems.name} />
      </Field>
      <TimeZoneField
        id="admin-team-tz"
        value={draft.timeZone}
        other={draft.other}
        problem={problems.timeZone}
        testid="team-tz"
        onChange={(timeZone, other) => set({ timeZone, other })}
      />
      <SaveStatus status={status} testid="team-status" />
      <button type="submit" class="btn btn--primary" disabled={busy} data-testid="team-add">
        {busy ? tr("saving") : tr("createTeam")}
      </button>
    </form>
  );
}
