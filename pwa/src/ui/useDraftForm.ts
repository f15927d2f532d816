// The state of a record's form, shared by the customer file and Plan 100
// forms: what is typed over the newest version of the record (merged in
// whenever it changes, kept as a draft on the device: ui/useFormState.ts),
// the problems found and what the last save said. A save hands on only the
// fields that differ from the newest version.

import { useSignal } from "@preact/signals";
import type { Linked } from "../data/formState";
import type { Problem } from "../data/limits";
import type { Fields } from "../sync";
import { focusFirst } from "./Field";
import { useFormState } from "./useFormState";

type Status = { text: string; bad: boolean };
type Problems = Record<string, Problem>;

export function useDraftForm<D extends object>({
  initial,
  draftKey,
  linked,
  check,
  changes,
  fieldId,
  onSave,
  tr,
}: {
  /** The values to show, from a record (a new memo when it changes) or empty for a new one. */
  initial: D;
  /** The key of the form's draft on the device, one per record. */
  draftKey: string;
  /** Fields that only mean something together, merged as one. */
  linked?: Linked<D>;
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
  const form = useFormState({ initial, draftKey, ...(linked ? { linked } : {}) });
  const problems = useSignal<Problems>({});
  const status = useSignal<Status>({ text: "", bad: false });
  const busy = useSignal(false);

  const set = <K extends keyof D & string>(key: K, value: D[K]) => {
    form.set(key, value);
    status.value = { text: "", bad: false };
    // Once problems are shown, each one goes as soon as it is fixed.
    if (Object.keys(problems.value).length > 0) problems.value = check({ ...form.draft, [key]: value });
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy.value) return;
    const draft = form.draft;
    const found = check(draft);
    problems.value = found;
    if (Object.keys(found).length > 0) {
      status.value = { text: tr("fix"), bad: true };
      focusFirst(Object.keys(found).map(fieldId));
      return;
    }
    const changed = changes(form.base, draft);
    if (Object.keys(changed).length === 0) {
      form.saved(); // nothing differs from what is stored (conflicts settled for theirs)
      status.value = { text: tr("unchanged"), bad: false };
      return;
    }
    busy.value = true;
    form.saving();
    try {
      await onSave(changed);
      form.saved();
      status.value = { text: tr("saved"), bad: false };
    } catch (err) {
      form.failed();
      status.value = { text: tr("failed", { message: err instanceof Error ? err.message : String(err) }), bad: true };
    } finally {
      busy.value = false;
    }
  };

  return { form, draft: form.draft, problems: problems.value, status: status.value, busy: busy.value, set, submit };
}
