// A quick call or visit, recorded in the outbox at once and synced shortly
// after (or whenever the network returns). The time is now, with the
// phone's UTC offset.

import { useSignal } from "@preact/signals";
import { t } from "../../i18n";
import { newUUID, type Fields, type SyncEngine } from "../../sync";
import { rfc3339Local } from "../../time";
import { kindLabel } from "./labels";

// The kinds worth a quick entry in the field; deals (with a premium) and
// new prospects get their own screens in later milestones.
const KINDS = ["call", "appointment", "visit", "sales_interview", "closing_interview"] as const;
type Kind = (typeof KINDS)[number];

/** The server rejects text fields longer than this (`too_large`). */
const MAX_TEXT = 8000;

export function ActivityForm({ engine }: { engine: SyncEngine }) {
  const kind = useSignal<Kind>("visit");
  const outcome = useSignal("");
  const notes = useSignal("");
  const busy = useSignal(false);
  const message = useSignal("");

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy.value) return;
    busy.value = true;
    const fields: Fields = { kind: kind.value, occurred_at: rfc3339Local(new Date()) };
    if (outcome.value.trim()) fields["outcome"] = outcome.value.trim();
    if (notes.value.trim()) fields["notes"] = notes.value.trim();
    try {
      await engine.record("activities", newUUID(), fields);
      outcome.value = "";
      notes.value = "";
      message.value = t("activity.saved");
    } catch (err) {
      message.value = t("activity.failed", { message: String(err) });
    } finally {
      busy.value = false;
    }
  };

  return (
    <section class="card" aria-labelledby="activity-title">
      <h2 id="activity-title">{t("activity.title")}</h2>
      <form class="form" onSubmit={(e) => void submit(e)}>
        <div class="field">
          <label for="activity-kind">{t("activity.kind")}</label>
          <select id="activity-kind" value={kind.value} onChange={(e) => (kind.value = e.currentTarget.value as Kind)}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {kindLabel(k)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="activity-outcome">{t("activity.outcome")}</label>
          <input
            id="activity-outcome"
            maxLength={200}
            placeholder={t("activity.outcomeHint")}
            value={outcome.value}
            onInput={(e) => (outcome.value = e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="activity-notes">{t("activity.notes")}</label>
          <textarea
            id="activity-notes"
            rows={3}
            maxLength={MAX_TEXT}
            value={notes.value}
            onInput={(e) => (notes.value = e.currentTarget.value)}
          />
        </div>
        <p class="muted">{t("activity.timeNote")}</p>
        <button type="submit" class="btn btn--primary btn--block" disabled={busy.value}>
          {t("activity.save")}
        </button>
        <p class="muted" role="status" aria-live="polite">
          {message.value}
        </p>
      </form>
    </section>
  );
}
