// Recording a personal-information request (a copy, a correction, a
// deletion): a button that opens the form — the kind, who asked (the
// caller's field: the agent's picker on 我的; none on a customer file a
// supervisor opened, the person being the file's) and a note — and, once
// saved, the request's due date. What is recorded about whom is the
// caller's `save`; online only, as the register is the server's.

import { useSignal } from "@preact/signals";
import type { ComponentChildren } from "preact";
import { formatDay, translator } from "../i18n";
import type { PrivacyRequest } from "../remote/requests";
import { OfflineError } from "../sync";
import { en } from "./RequestForm.en";
import { zhCN } from "./RequestForm.zh-CN";

const tr = translator({ "zh-CN": zhCN, en });

const KINDS = ["copy", "correct", "delete"] as const;
export type RequestKindName = (typeof KINDS)[number];

export function RequestForm({
  person,
  missing = null,
  save,
  onSaved,
  register,
  inCard = false,
}: {
  /** The field that names who asked, when the caller has one. */
  person?: ComponentChildren;
  /** Why the form cannot be saved yet (no person chosen); null when it can. */
  missing?: string | null;
  /** Records the request; throws OfflineError offline, ApiError when refused. */
  save: (kind: RequestKindName, note: string) => Promise<PrivacyRequest>;
  onSaved?: (r: PrivacyRequest) => void;
  /** The register's href, linked from the saved request's due date. */
  register?: string;
  /** Whether the form sits in the caller's card (else it is a card of its own). */
  inCard?: boolean;
}) {
  const adding = useSignal(false);
  const kind = useSignal<RequestKindName>("copy");
  const note = useSignal("");
  const problem = useSignal<string | null>(null);
  const busy = useSignal(false);
  const saved = useSignal<PrivacyRequest | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (missing) {
      problem.value = missing;
      return;
    }
    busy.value = true;
    try {
      const r = await save(kind.value, note.value.trim());
      adding.value = false;
      note.value = "";
      problem.value = null;
      saved.value = r;
      onSaved?.(r);
    } catch (err) {
      problem.value = err instanceof OfflineError ? tr("offline") : tr("failed", { message: err instanceof Error ? err.message : String(err) });
    } finally {
      busy.value = false;
    }
  };

  if (!adding.value) {
    return (
      <>
        {saved.value && (
          <p class="notice" role="status" data-testid="request-saved" data-id={saved.value.id} data-due={saved.value.dueDate}>
            {tr("saved", { day: formatDay(saved.value.dueDate) })}
            {register && (
              <>
                {" "}
                <a href={register} data-testid="request-register">
                  {tr("register")}
                </a>
              </>
            )}
          </p>
        )}
        <p>
          <button type="button" class="btn btn--secondary" data-testid="request-add" onClick={() => ((adding.value = true), (saved.value = null))}>
            {tr("add")}
          </button>
        </p>
      </>
    );
  }
  return (
    <form class={inCard ? "form" : "card"} aria-labelledby="request-new" data-testid="request-form" onSubmit={(e) => void submit(e)}>
      {inCard ? (
        <h3 id="request-new" class="visually-hidden">
          {tr("new")}
        </h3>
      ) : (
        <h2 id="request-new">{tr("new")}</h2>
      )}
      <label class="field">
        <span class="field__label">{tr("kind")}</span>
        <select value={kind.value} data-testid="request-kind" onChange={(e) => (kind.value = (e.currentTarget as HTMLSelectElement).value as RequestKindName)}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {tr(`kind.${k}`)}
            </option>
          ))}
        </select>
      </label>
      {person}
      <label class="field">
        <span class="field__label">{tr("note")}</span>
        <input type="text" maxLength={500} value={note.value} data-testid="request-note" onInput={(e) => (note.value = (e.currentTarget as HTMLInputElement).value)} />
        <span class="muted">{tr("noteHint")}</span>
      </label>
      {problem.value && (
        <p class="error" role="alert" data-testid="request-form-problem">
          {problem.value}
        </p>
      )}
      <p class="actions">
        <button type="submit" class="btn" disabled={busy.value} data-testid="request-save">
          {tr("save")}
        </button>
        <button type="button" class="btn btn--secondary" onClick={() => (adding.value = false)}>
          {tr("cancel")}
        </button>
      </p>
    </form>
  );
}
