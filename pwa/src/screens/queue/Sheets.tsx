// The two sheets of a review that need words: returning a log (what to add
// or correct) and voiding an activity (why). The text is required; the
// sheet closes once the change is in the outbox.

import { useSignal } from "@preact/signals";
import { FormActions } from "../../ui/FormActions";
import { Sheet } from "../../ui/Sheet";
import { tr } from "./messages";
import { MAX_COMMENT, MAX_REASON, textProblem } from "./review";

interface TextSheetProps {
  title: string;
  hint: string;
  fieldLabel: string;
  sendLabel: string;
  max: number;
  /** The data-testid of the text box and of the send button. */
  ids: { text: string; send: string };
  danger?: boolean;
  onSend: (text: string) => Promise<void>;
  onClose: () => void;
}

function TextSheet(props: TextSheetProps) {
  const text = useSignal("");
  const error = useSignal("");
  const busy = useSignal(false);
  const id = `queue-${props.ids.text}`;
  const send = async (e: Event) => {
    e.preventDefault();
    if (busy.value) return;
    const problem = textProblem(text.value, props.max);
    if (problem) {
      error.value = problem === "required" ? tr("required") : tr("tooLong", { max: props.max });
      document.getElementById(id)?.focus();
      return;
    }
    busy.value = true;
    try {
      await props.onSend(text.value);
    } catch (err) {
      error.value = tr("failed", { message: String(err) });
      busy.value = false;
    }
  };
  return (
    <Sheet title={props.title} onClose={props.onClose}>
      <form class="form" onSubmit={(e) => void send(e)} noValidate>
        <div class="field">
          <label for={id}>{props.fieldLabel}</label>
          <p class="muted" id={`${id}-hint`}>
            {props.hint}
          </p>
          <textarea
            id={id}
            rows={4}
            required
            maxLength={props.max}
            value={text.value}
            aria-invalid={error.value ? true : undefined}
            aria-describedby={error.value ? `${id}-hint ${id}-error` : `${id}-hint`}
            onInput={(e) => {
              text.value = e.currentTarget.value;
              error.value = "";
            }}
            data-testid={props.ids.text}
          />
          <p class="error" id={`${id}-error`} role="alert">
            {error.value}
          </p>
        </div>
        <FormActions label={props.sendLabel} testid={props.ids.send} busy={busy.value} danger={props.danger} onCancel={props.onClose} />
      </form>
    </Sheet>
  );
}

export function ReturnSheet({ onSend, onClose }: { onSend: (comment: string) => Promise<void>; onClose: () => void }) {
  return (
    <TextSheet
      title={tr("returnTitle")}
      hint={tr("returnHint")}
      fieldLabel={tr("returnComment")}
      sendLabel={tr("returnSend")}
      max={MAX_COMMENT}
      ids={{ text: "return-comment", send: "return-send" }}
      onSend={onSend}
      onClose={onClose}
    />
  );
}

export function VoidSheet({ what, onSend, onClose }: { what: string; onSend: (reason: string) => Promise<void>; onClose: () => void }) {
  return (
    <TextSheet
      title={tr("voidTitle", { what })}
      hint={tr("voidHint")}
      fieldLabel={tr("voidReasonLabel")}
      sendLabel={tr("voidSend")}
      max={MAX_REASON}
      ids={{ text: "void-reason", send: "void-send" }}
      danger
      onSend={onSend}
      onClose={onClose}
    />
  );
}
