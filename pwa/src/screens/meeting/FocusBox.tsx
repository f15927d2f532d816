// The day's focus on the meeting screen: shown huge, and typed by a
// supervisor of the team. It is the team's day_focus record (data/focus.ts),
// saved when the supervisor saves or leaves the field, so every agent's
// Today and every supervisor's phone of the team show the same one.

import { useEffect, useState } from "preact/hooks";
import { session } from "../../api";
import { records, useCollection } from "../../data";
import { focusFields, focusId, focusOn, MAX_FOCUS } from "../../data/focus";
import { tr } from "./messages";

export function FocusBox({ teamId, today }: { teamId: string; today: string }) {
  const recs = useCollection("day_focus");
  const focus = focusOn(recs.values(), teamId, today);
  const saved = focus?.text ?? "";
  const canWrite = session.value?.user.role === "supervisor" && session.value.user.team_id === teamId;
  const [draft, setDraft] = useState(saved);
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState("");
  // Another supervisor's focus arriving shows in the field unless this one is typing.
  useEffect(() => {
    if (!editing) setDraft(saved);
  }, [saved, today]);

  const save = async () => {
    setEditing(false);
    if (draft.trim() === saved) return;
    try {
      await records().put("day_focus", focus?.id ?? (await focusId(teamId, today)), focusFields(today, draft));
      setError("");
    } catch (err) {
      setError(tr("focus.notSaved", { message: err instanceof Error ? err.message : String(err) }));
    }
  };

  return (
    <section class="meeting-card meeting-focus-box" aria-labelledby="meeting-focus-title">
      <h2 id="meeting-focus-title" class="meeting-h2">
        {tr("focus.title")}
      </h2>
      <p class={`meeting-focus${saved ? "" : " meeting-focus--empty"}`} data-testid="meeting-focus" data-pending={focus?.pending ? "true" : undefined} aria-live="polite">
        {saved || tr("focus.empty")}
      </p>
      {canWrite && (
        <form
          class="meeting-focus-edit"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <label for="meeting-focus-input">{tr("focus.label")}</label>
          <textarea
            id="meeting-focus-input"
            data-testid="meeting-focus-input"
            rows={2}
            maxLength={MAX_FOCUS}
            placeholder={tr("focus.placeholder")}
            value={draft}
            onFocus={() => setEditing(true)}
            onInput={(e) => (setEditing(true), setDraft(e.currentTarget.value))}
            onBlur={() => void save()}
          />
          <button type="submit" class="btn btn--secondary" disabled={draft.trim() === saved} data-testid="meeting-focus-save">
            {tr("focus.save")}
          </button>
          {error && (
            <p class="error" role="alert">
              {error}
            </p>
          )}
        </form>
      )}
    </section>
  );
}
