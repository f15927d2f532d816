// Fixing a rejected change before sending it again: each of its fields as
// an input of its type (text, number, yes/no; lists and objects as JSON).
// The server's reason stays on screen while the agent edits.

import { useSignal } from "@preact/signals";
import type { Fields, RejectedEntry } from "../../sync";
import { FormActions } from "../../ui/FormActions";
import { Sheet } from "../../ui/Sheet";
import { rejectReason } from "./labels";
import { tr } from "./messages";

type Draft = Record<string, string | boolean>;

function toDraft(fields: Fields): Draft {
  const d: Draft = {};
  for (const [k, v] of Object.entries(fields)) {
    d[k] = typeof v === "boolean" ? v : typeof v === "string" ? v : JSON.stringify(v);
  }
  return d;
}

/** The fields back from the inputs, each in the type it had; null names a field that is not valid JSON. */
export function fromDraft(original: Fields, draft: Draft): { fields: Fields } | { bad: string } {
  const out: Fields = {};
  for (const [k, v] of Object.entries(draft)) {
    const was = original[k];
    if (typeof was === "boolean" || typeof was === "string") {
      out[k] = v;
      continue;
    }
    try {
      out[k] = JSON.parse(String(v)) as unknown;
    } catch {
      return { bad: k };
    }
  }
  return { fields: out };
}

export function FixSheet({ entry, onSend, onClose }: { entry: RejectedEntry; onSend: (f: Fields) => void; onClose: () => void }) {
  const draft = useSignal<Draft>(toDraft(entry.change.fields));
  const error = useSignal("");
  const send = (e: Event) => {
    e.preventDefault();
    const r = fromDraft(entry.change.fields, draft.value);
    if ("bad" in r) {
      error.value = tr("fix.badJson", { field: r.bad });
      return;
    }
    onSend(r.fields);
  };
  return (
    <Sheet title={tr("fix.title")} onClose={onClose}>
      <p>
        <span class="badge">{entry.code}</span> {rejectReason(entry.code)}
      </p>
      {entry.message && <p class="muted">{entry.message}</p>}
      <form class="form" onSubmit={send} data-testid="fix-form">
        {Object.entries(draft.value).map(([name, value]) => {
          const id = `fix-${name}`;
          const set = (v: string | boolean) => (draft.value = { ...draft.value, [name]: v });
          if (typeof value === "boolean") {
            return (
              <label class="check" key={name}>
                <input type="checkbox" checked={value} onChange={(e) => set(e.currentTarget.checked)} /> {name}
              </label>
            );
          }
          const isJSON = typeof entry.change.fields[name] !== "string";
          return (
            <div class="field" key={name}>
              <label for={id}>
                {name}
                {isJSON && <span class="count"> {tr("fix.json")}</span>}
              </label>
              {value.length > 60 ? (
                <textarea id={id} rows={3} value={value} onInput={(e) => set(e.currentTarget.value)} />
              ) : (
                <input id={id} value={value} onInput={(e) => set(e.currentTarget.value)} />
              )}
            </div>
          );
        })}
        {error.value && (
          <p class="error" role="alert">
            {error.value}
          </p>
        )}
        <FormActions label={tr("fix.send")} testid="fix-send" onCancel={onClose} />
      </form>
    </Sheet>
  );
}
