// The question asked before an admin's action that is not lightly undone
// (disabling, signing out everywhere, a departure): a sheet that says what
// happens, with the action's button and Cancel, both held while it runs.

import type { ComponentChildren } from "preact";
import { Sheet } from "../../ui/Sheet";
import { tr } from "./messages";

export function Confirm(props: {
  title: string;
  /** The action's words on its button. */
  action: string;
  busy: boolean;
  /** A red button (the default), or the primary one for an action that gives back. */
  danger?: boolean;
  testid: string;
  onConfirm: () => void;
  onClose: () => void;
  children: ComponentChildren;
}) {
  const { busy } = props;
  return (
    <Sheet title={props.title} onClose={() => !busy && props.onClose()}>
      {props.children}
      <div class="row">
        <button
          type="button"
          class={props.danger === false ? "btn btn--primary" : "btn btn--danger"}
          disabled={busy}
          onClick={props.onConfirm}
          data-testid={props.testid}
        >
          {busy ? tr("saving") : props.action}
        </button>
        <button type="button" class="btn btn--secondary" disabled={busy} onClick={props.onClose}>
          {tr("cancel")}
        </button>
      </div>
    </Sheet>
  );
}
