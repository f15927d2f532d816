// The day's focus on the meeting screen: shown huge, and typed by a
// supervisor of the team. It is the team's day_focus record (data/focus.ts),
// saved when the supervisor saves or leaves the field, so every agent's
// Today and every supervisor's phone of the team show the same one.

import { useState } from "preact/hooks";
import { session } from "../../api";
import { records, useCollection } from "../../data";
import { focusFields, focusId, focusOn, MAX_FOCUS } from "../../data/focus";
import { tr } from "./messages";

export function FocusBox({ teamId, today }: { teamId: string; today: string }) {
  const recs = useCollection("day_focus");
  const focus = focusOn(recs.values(), teamId, today);
  const saved = focus?.text ?? "";
  const canWrite = session.value?.user.role === "supervisor" && session.value.user.team_id === teamId;
  // What this supervisor is typing, null while they are not: the field
  // shows the saved focus then, so another supervisor's arriving shows at
  // once, and nothing that arrives replaces what is being typed (an
  // effect that copied the saved focus into the field could run after a
  // keystroke and wipe it).
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState("");
  const text = draft ?? saved;

  const save = async () => {
    const sent = draft;
    if (sent === null) return;
    if (sent.trim() === saved) {
      setDraft((d) => (d === sent ? null : d));
      return;
    }
    try {
      await records().put("day_focus", focus?.id ?? (await focusId(teamId, today)), focusFields(today, sent));
      setError("");
      setDraft((d) => (d === sent ? null : d)); // kept if typed on meanwhile
    } catch (err) {
      // The draft stays in the field, to be saved again.
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
            value={text}
            onInput={(e) => setDraft(e.currentTarget.value)}
            onBlur={() => void save()}
          />
          <button type="submit" class="btn btn--secondary" disabled={text.trim() === saved} data-testid="meeting-focus-save">
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
