// Changes the server refused, each with its code and reason. Nothing leaves
// this list except by the user's choice: discard, or send again (as a new
// change with a new stamp). A change refused for the lack of the person's
// consent offers to record it first, then sends the change again.

import { useSignal } from "@preact/signals";
import { consentNeeded, hasYoungChild, type Subject } from "../../data/consents";
import { formatDateTime } from "../../i18n";
import { rejected } from "../../replica";
import type { RejectedEntry, SyncEngine } from "../../sync";
import { consentNeedText, GiveConsentSheet, useConsentState } from "../../ui/Consent";
import { FixSheet } from "./FixSheet";
import { collectionLabel, kindLabel, rejectReason } from "./labels";
import { tr } from "./messages";

function summary(r: RejectedEntry): string {
  const kind = r.change.fields["kind"];
  const parts = [collectionLabel(r.change.collection)];
  if (kind !== undefined) parts.push(kindLabel(kind));
  const at = r.change.fields["occurred_at"];
  const when = typeof at === "string" ? Date.parse(at) : NaN;
  parts.push(formatDateTime(Number.isNaN(when) ? r.rejectedAt : when));
  return parts.join(" · ");
}

export function RejectedList({ engine }: { engine: SyncEngine }) {
  const list = rejected.value;
  const fixing = useSignal<RejectedEntry | null>(null);
  return (
    <section class="card" aria-labelledby="rejected-title">
      <h2 id="rejected-title">
        {tr("rejected.title")} <span class="count">{list.length}</span>
      </h2>
      {list.length === 0 ? (
        <p class="muted">{tr("rejected.none")}</p>
      ) : (
        <>
          <p class="muted">{tr("rejected.intro")}</p>
          <ul class="list">
            {list.map((r) => (
              <li key={r.key} class="list__item" data-testid="rejected-row" data-code={r.code}>
                <p class="list__title">{summary(r)}</p>
                <p>
                  <span class="badge">{r.code}</span> {rejectReason(r.code)}
                </p>
                {r.message && <p class="muted">{tr("rejected.serverSays", { message: r.message })}</p>}
                {r.code === "consent_required" && r.key !== undefined && isSubject(r.change.collection) && (
                  <ConsentFix entry={r} subject={r.change.collection} engine={engine} />
                )}
                <div class="row">
                  <button type="button" class="btn btn--primary" data-testid="rejected-fix" onClick={() => (fixing.value = r)}>
                    {tr("rejected.fix")}
                  </button>
                  <button
                    type="button"
                    class="btn btn--secondary"
                    onClick={() => r.key !== undefined && void engine.resendRejected(r.key)}
                  >
                    {tr("rejected.resend")}
                  </button>
                  <button
                    type="button"
                    class="btn btn--danger-quiet"
                    onClick={() => {
                      if (r.key !== undefined && confirm(tr("rejected.confirmDiscard"))) void engine.discardRejected(r.key);
                    }}
                  >
                    {tr("rejected.discard")}
                  </button>
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
      {fixing.value && (
        <FixSheet
          entry={fixing.value}
          onClose={() => (fixing.value = null)}
          onSend={(fields) => {
            const key = fixing.value?.key;
            fixing.value = null;
            if (key !== undefined) void engine.resendRejected(key, fields);
          }}
        />
      )}
    </section>
  );
}

const isSubject = (c: string): c is Subject => c === "customers" || c === "prospects";

/**
 * What a change refused for consent still needs (by the consents on this
 * phone now), and the way to record it: once recorded, the change is sent
 * again after the consents, so the server has them first.
 */
function ConsentFix({ entry, subject, engine }: { entry: RejectedEntry; subject: Subject; engine: SyncEngine }) {
  const { id, fields } = entry.change;
  const state = useConsentState(subject, id);
  const open = useSignal(false);
  const need = consentNeeded(subject, fields, state);
  const resend = () => entry.key !== undefined && void engine.resendRejected(entry.key);
  return (
    <div class="notice" data-testid="rejected-consent-need">
      <p>{need ? consentNeedText(need) : tr("rejected.consentNow")}</p>
      {need && (
        <button type="button" class="btn btn--primary" data-testid="rejected-consent" onClick={() => (open.value = true)}>
          {tr("rejected.consent")}
        </button>
      )}
      {open.value && need && (
        <GiveConsentSheet
          subject={subject}
          id={id}
          groups={need.groups.length > 0 ? need.groups : ["family"]}
          youngChild={hasYoungChild(fields["children"])}
          onRecorded={resend}
          onClose={() => (open.value = false)}
        />
      )}
    </div>
  );
}
