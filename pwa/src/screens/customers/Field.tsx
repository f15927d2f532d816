// One form field: its label, its control and, when its value breaks a
// limit, the reason said under it and tied to the control for screen
// readers. Plan 100's form uses it too.

import type { ComponentChildren } from "preact";
import { messages } from "../../i18n";
import type { Problem } from "../../data/limits";

const tr = messages(
  {
    required: "必填。",
    tooLong: "最多 {max} 个字。",
    phone: "电话只能有数字、空格和短横线，可以用 + 开头。",
    range: "请填 {min} 到 {max} 的整数。",
  },
  {
    required: "Required.",
    tooLong: "At most {max} characters.",
    phone: "A phone number has digits, spaces and dashes, and may start with +.",
    range: "A whole number from {min} to {max}.",
  },
);

function problemText(p: Problem): string {
  switch (p.code) {
    case "required":
    case "phone":
      return tr(p.code);
    case "tooLong":
      return tr("tooLong", { max: p.max });
    case "range":
      return tr("range", { min: p.min, max: p.max });
  }
}

/** The attributes that tie a control to its problem; spread them on the control. */
export function problemAttrs(id: string, problem: Problem | undefined) {
  return problem ? { "aria-invalid": true, "aria-describedby": `${id}-error` } : {};
}

export function Field({
  id,
  label,
  problem,
  children,
}: {
  /** The control's id. */
  id: string;
  label: string;
  problem?: Problem | undefined;
  children: ComponentChildren;
}) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children}
      {problem && (
        <p class="error" id={`${id}-error`}>
          {problemText(problem)}
        </p>
      )}
    </div>
  );
}

/** Moves focus to the first control with a problem, so the agent sees what to fix. */
export function focusFirst(ids: readonly string[]): void {
  const id = ids[0];
  if (id) document.getElementById(id)?.focus();
}
