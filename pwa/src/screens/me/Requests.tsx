// 个人信息请求 — the agent's register of their people's requests (a copy,
// a correction, a deletion): the list (ui/PrivacyRequests) and the form that
// records one, the person chosen from the agent's own customers and Plan 100
// names. Online only: the register is the server's.

import { useSignal } from "@preact/signals";
import { useMemo } from "preact/hooks";
import { teamZone } from "../../api";
import { customerOf, prospectOf, useCollection, useList } from "../../data";
import { createRequest, type PrivacyRequest } from "../../remote/requests";
import { OfflineError } from "../../sync";
import { rankPeople, contactOf } from "../../ui/people";
import { PersonPicker } from "../../ui/PersonPicker";
import { PrivacyRequests } from "../../ui/PrivacyRequests";
import { tr } from "./messages";

const KINDS = ["copy", "correct", "delete"] as const;

export function Requests() {
  const customers = useList("customers", customerOf);
  const prospects = useList("prospects", prospectOf);
  const acts = useCollection("activities");
  const customerRecs = useCollection("customers");
  const prospectRecs = useCollection("prospects");
  const people = useMemo(
    () => rankPeople(customers, prospects, [...acts.values()].map((r) => contactOf(r.fields))),
    [customers, prospects, acts],
  );
  const version = useSignal(0);
  const adding = useSignal(false);
  const kind = useSignal<(typeof KINDS)[number]>("copy");
  const who = useSignal("");
  const note = useSignal("");
  const problem = useSignal<string | null>(null);
  const busy = useSignal(false);

  const nameOf = (r: PrivacyRequest): string | undefined => {
    const rec = (r.subject === "customers" ? customerRecs : prospectRecs).get(r.subjectId);
    const n = rec?.fields["name"];
    return typeof n === "string" && n ? n : undefined;
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!who.value) {
      problem.value = tr("requests.pickPerson");
      return;
    }
    busy.value = true;
    try {
      const [type, id] = who.value.split(":");
      await createRequest({ kind: kind.value, subject: type === "c" ? "customers" : "prospects", subject_id: id ?? "", note: note.value.trim() });
      adding.value = false;
      who.value = "";
      note.value = "";
      problem.value = null;
      version.value++;
    } catch (err) {
      problem.value = err instanceof OfflineError ? tr("requests.offline") : tr("requests.failed", { message: err instanceof Error ? err.message : String(err) });
    } finally {
      busy.value = false;
    }
  };

  return (
    <>
      <PrivacyRequests version={version.value} personName={nameOf} />
      {adding.value ? (
        <form class="card" aria-labelledby="request-new" data-testid="request-form" onSubmit={(e) => void submit(e)}>
          <h2 id="request-new">{tr("requests.new")}</h2>
          <label class="field">
            <span class="field__label">{tr("requests.kind")}</span>
            <select value={kind.value} data-testid="request-kind" onChange={(e) => (kind.value = (e.currentTarget as HTMLSelectElement).value as (typeof KINDS)[number])}>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {tr(`requests.kind.${k}`)}
                </option>
              ))}
            </select>
          </label>
          <div class="field">
            <span class="field__label" id="request-who-label">
              {tr("requests.person")}
            </span>
            <PersonPicker id="request-who" value={who.value} people={people} zone={teamZone.value} startOpen onChange={(v) => (who.value = v)} />
          </div>
          <label class="field">
            <span class="field__label">{tr("requests.note")}</span>
            <input type="text" maxLength={500} value={note.value} data-testid="request-note" onInput={(e) => (note.value = (e.currentTarget as HTMLInputElement).value)} />
            <span class="muted">{tr("requests.noteHint")}</span>
          </label>
          {problem.value && (
            <p class="error" role="alert" data-testid="request-form-problem">
              {problem.value}
            </p>
          )}
          <p class="actions">
            <button type="submit" class="btn" disabled={busy.value} data-testid="request-save">
              {tr("requests.save")}
            </button>
            <button type="button" class="btn btn--secondary" onClick={() => (adding.value = false)}>
              {tr("requests.cancel")}
            </button>
          </p>
        </form>
      ) : (
        <p>
          <button type="button" class="btn btn--secondary" data-testid="request-add" onClick={() => (adding.value = true)}>
            {tr("requests.add")}
          </button>
        </p>
      )}
    </>
  );
}
