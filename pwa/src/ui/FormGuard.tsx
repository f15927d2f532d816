// What a record's form shows about its state (ui/useFormState.ts): that a
// newer version arrived while the user was typing; beside a field changed
// both here and elsewhere, the other version with "use that" and "keep
// mine"; and, when the user leaves with unsaved input, the question whether
// to throw it away.

import { translator } from "../i18n";
import { heldLeave, leaveAnyway, stayHere } from "../router";
import { en } from "./FormGuard.en";
import { zhCN } from "./FormGuard.zh-CN";
import { Sheet } from "./Sheet";
import type { Form } from "./useFormState";

const tr = translator({ "zh-CN": zhCN, en });

/**
 * The other version of a field the user changed too, when they differ,
 * with the choice: show it under the field's control. `show` says the
 * other version in words (default: the field's text).
 */
export function Theirs<D extends object>({
  form,
  part,
  show,
}: {
  form: Form<D>;
  /** The field (the first of linked fields). */
  part: keyof D & string;
  show?: (theirs: D) => string;
}) {
  if (!form.conflicts.includes(part)) return null;
  const text = show ? show(form.base) : String(form.base[part] ?? "");
  return (
    <div class="theirs" data-testid="theirs" data-part={part}>
      <p>
        {tr("elsewhere")}
        <span class="theirs__text" data-testid="theirs-text">
          {text.trim() === "" ? tr("empty") : text}
        </span>
      </p>
      <div class="row">
        <button type="button" class="btn btn--secondary" onClick={() => form.resolve(part, "theirs")} data-testid="use-theirs">
          {tr("useThat")}
        </button>
        <button type="button" class="btn btn--quiet" onClick={() => form.resolve(part, "mine")} data-testid="keep-mine">
          {tr("keepMine")}
        </button>
      </div>
    </div>
  );
}

/**
 * Put once in a form: the notes that the input was restored from the
 * device and that a newer version was merged in, and the question asked
 * when the user leaves with unsaved input.
 */
export function FormGuard<D extends object>({ form }: { form: Form<D> }) {
  const asking = heldLeave.value !== null && form.dirty;
  return (
    <>
      {form.restored && (
        <div class="notice row" role="status" data-testid="form-restored">
          <span>{tr("restored")}</span>
          <button type="button" class="btn btn--quiet" onClick={form.discard} data-testid="drop-restored">
            {tr("dropRestored")}
          </button>
        </div>
      )}
      {form.updated && (
        <p class="notice" role="status" data-testid="form-updated">
          {tr("updated")}
        </p>
      )}
      {asking && (
        <Sheet title={tr("leaveTitle")} onClose={stayHere}>
          <div data-testid="leave-confirm">
            <p>{tr("leaveText")}</p>
            <div class="row">
              <button type="button" class="btn btn--primary" onClick={stayHere} data-testid="leave-stay">
                {tr("stay")}
              </button>
              <button
                type="button"
                class="btn btn--danger-quiet"
                onClick={() => {
                  form.discard();
                  leaveAnyway();
                }}
                data-testid="leave-discard"
              >
                {tr("leave")}
              </button>
            </div>
          </div>
        </Sheet>
      )}
    </>
  );
}
