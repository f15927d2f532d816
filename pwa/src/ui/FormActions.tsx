// The row that ends a form: the button that sends it and, when there is a
// way out, Cancel. The sheets and the forms that can be left use it.

import { translator } from "../i18n";
import { en } from "./FormActions.en";
import { zhCN } from "./FormActions.zh-CN";

const tr = translator({ "zh-CN": zhCN, en });

export function FormActions({
  label,
  testid,
  busy = false,
  danger = false,
  onCancel,
}: {
  /** The submit button's words. */
  label: string;
  /** The submit button's data-testid. */
  testid: string;
  /** While true, the submit button is disabled (a save is under way). */
  busy?: boolean;
  /** A red submit button, for what cannot be taken back. */
  danger?: boolean;
  /** Without it there is no Cancel button. */
  onCancel?: (() => void) | undefined;
}) {
  return (
    <div class="row">
      <button type="submit" class={`btn ${danger ? "btn--danger" : "btn--primary"}`} disabled={busy} data-testid={testid}>
        {label}
      </button>
      {onCancel && (
        <button type="button" class="btn btn--secondary" onClick={onCancel}>
          {tr("cancel")}
        </button>
      )}
    </div>
  );
}
