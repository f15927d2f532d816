// The state of a record's form, shared by the customer file and Plan 100
// forms: what it first showed, what is typed, the problems found and what
// the last save said. A save hands on only the fields that changed.

import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { Fields } from "../../sync";
import { focusFirst } from "./Field";
import type { Problem } from "./limits";

type Status = { text: string; bad: boolean };
type Problems = Record<string, Problem>;

export function useDraftForm<D extends object>({
  initial,
  check,
  changes,
  fieldId,
  onSave,
  tr,
}: {
  /** The values to show, from a record or empty for a new one. */
  initial: D;
  /** The problems of a draft, by field key. */
  check: (d: D) => Problems;
  /** The fields that differ from base. */
  changes: (base: D, draft: D) => Fields;
  /** The id of the control of a field key, to focus the first problem. */
  fieldId: (key: string) => string;
  /** Saves the changed fields (never empty); a thrown error is shown. */
  onSave: (changes: Fields) => Promise<void>;
  /** The screen's words for the form's outcomes. */
  tr: (key: "fix" | "unchanged" | "saved" | "failed", params?: Record<string, string>) => string;
}) {
  const base = useSignal(initial);
  const draft = useSignal(initial);
  const problems = useSignal<Problems>({});
  const status = useSignal<Status>({ text: "", bad: false });
  const busy = useSignal(false);

  // The record changed (a sync, a conversion, another tab) while the form is
  // untouched: show the new values, so a later save compares against them.
  useEffect(() => {
    if (Object.keys(changes(base.value, draft.value)).length === 0) {
      base.value = initial;
      draft.value = initial;
    }
  }, [initial]);

  const set = <K extends keyof D>(key: K, value: D[K]) => {
    draft.value = { ...draft.value, [key]: value };
    status.value = { text: "", bad: false };
    // Once problems are shown, each one goes as soon as it is fixed.
    if (Object.keys(problems.value).length > 0) problems.value = check(draft.value);
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy.value) return;
    const found = check(draft.value);
    problems.value = found;
    if (Object.keys(found).length > 0) {
      status.value = { text: tr("fix"), bad: true };
      focusFirst(Object.keys(found).map(fieldId));
      return;
    }
    const changed = changes(base.value, draft.value);
    if (Object.keys(changed).length === 0) {
      status.value = { text: tr("unchanged"), bad: false };
      return;
    }
    busy.value = true;
    try {
      await onSave(changed);
      base.value = draft.value;
      status.value = { text: tr("saved"), bad: false };
    } catch (err) {
      status.value = { text: tr("failed", { message: err instanceof Error ? err.message : String(err) }), bad: true };
    } finally {
      busy.value = false;
    }
  };

  return { draft: draft.value, problems: problems.value, status: status.value, busy: busy.value, set, submit };
}
