// One form field: its label, its control and, when its value breaks a
// limit, the reason said under it and tied to the control for screen
// readers. The customer file, Plan 100 and admin forms use it.

import type { ComponentChildren } from "preact";
import type { Problem } from "../data/limits";
import { translator } from "../i18n";
import { en } from "./Field.en";
import { zhCN } from "./Field.zh-CN";

const tr = translator({ "zh-CN": zhCN, en });

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
