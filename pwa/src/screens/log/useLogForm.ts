// The work log form's state (ui/useFormState.ts): the plan, problems and
// summary typed over the newest version of the day's log, which is merged
// in whenever it changes (the other phone, another tab, the supervisor's
// review), kept on the device as a draft per day until saved, and asked
// about before leaving.

import { useMemo } from "preact/hooks";
import { KINDS, type DayLog } from "../../data";
import { label } from "../../data/labels";
import { useFormState, type Form } from "../../ui/useFormState";
import type { LogDraft } from "./draft";

/** One field of the form, read and written like a signal's value. */
export interface FieldHandle<T> {
  value: T;
}

function handle<K extends keyof LogDraft & string>(form: Form<LogDraft>, key: K): FieldHandle<LogDraft[K]> {
  return {
    get value() {
      return form.draft[key];
    },
    set value(v: LogDraft[K]) {
      form.set(key, v);
    },
  };
}

export function useLogForm(date: string, log: DayLog | null) {
  const initial = useMemo<LogDraft>(() => ({ plan: log?.plan ?? {}, problems: log?.problems ?? [], summary: log?.summary ?? "" }), [log]);
  const form = useFormState({ initial, draftKey: `log:${date}` });
  return {
    form,
    plan: handle(form, "plan"),
    problems: handle(form, "problems"),
    summary: handle(form, "summary"),
    /** The log as the form last took it (its newest version), to save only what differs from it. */
    base: log && { ...log, ...form.base },
  };
}

/** The other version of the plan, in words. */
export const planText = (d: LogDraft) =>
  KINDS.filter((k) => d.plan[k])
    .map((k) => `${label("kind", k)} ${d.plan[k]}`)
    .join("、");

/** The other version of the problems, in words. */
export const problemsText = (d: LogDraft) =>
  d.problems
    .filter((p) => p.text.trim())
    .map((p) => `${label("tag", p.tag)}：${p.text.trim()}`)
    .join("；");
