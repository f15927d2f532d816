// A field's problem in words, under the field and tied to its control for
// screen readers. The label and the wrapper are ui/Field's.

import { formatNumber } from "../../i18n/format";
import { tr } from "./messages";
import type { Problem } from "./problems";

export function problemText(p: Problem): string {
  switch (p.code) {
    case "required":
    case "number":
    case "timeZone":
    case "unknownZone":
    case "username":
    case "mismatch":
    case "taken":
      return tr(`p.${p.code}`);
    case "tooLong":
      return tr("p.tooLong", { max: p.max });
    case "range":
      return tr(p.whole ? "p.rangeWhole" : "p.range", { min: formatNumber(p.min, 3), max: formatNumber(p.max, 3) });
    case "retention":
      return tr("p.retention", { min: p.min, max: p.max });
    case "passwordShort":
      return tr("p.passwordShort", { min: p.min });
    case "passwordLong":
      return tr("p.passwordLong", { max: p.max });
    case "server":
      return tr("p.server", { message: p.message });
  }
}

/** The attributes that tie a control to its problem and to a hint; spread them on the control. */
export function describedBy(id: string, problem: Problem | undefined, hint?: string) {
  const ids = [hint, problem && `${id}-error`].filter(Boolean).join(" ");
  return { "aria-invalid": problem ? ("true" as const) : undefined, "aria-describedby": ids || undefined };
}

/** Moves focus to the first of these controls that is on the page. */
export function focusFirstThere(ids: readonly string[]): void {
  for (const id of ids) {
    const el = document.getElementById(id);
    if (el) {
      el.focus();
      return;
    }
  }
}

/** The problem under its field (nothing when there is none). */
export function FieldError({ id, problem }: { id: string; problem: Problem | undefined }) {
  if (!problem) return null;
  return (
    <p class="error" id={`${id}-error`}>
      {problemText(problem)}
    </p>
  );
}

/** What a save said: an error next to the form, or a quiet confirmation. Announced either way. */
export function SaveStatus({ status, testid }: { status: { text: string; bad: boolean }; testid?: string }) {
  return (
    <p class={status.bad ? "error" : "muted"} role="status" aria-live="polite" data-testid={testid}>
      {status.text}
    </p>
  );
}
