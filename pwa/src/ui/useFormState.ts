// The state of a record's full-page form (data/formState.ts) as a hook:
// every newer version of the record the screen passes in is merged into
// the form as it renders, so the form never shows (or saves against) an
// old version; what the user typed and has not saved is kept on the device
// as a draft under the record's key, and restored when the form opens
// again; and while there is some, leaving the form (Back, a link) asks
// first (router.ts guardLeave, FormGuard.tsx).

import { useEffect, useReducer, useRef } from "preact/hooks";
import { clearDraft, loadDraft, saveDraft } from "../data/drafts";
import * as fs from "../data/formState";
import { guardLeave } from "../router";
import { session } from "../api";

export interface Form<D extends object> {
  /** What the form shows: the newest version with the user's unsaved edits. */
  draft: D;
  /** The newest version of the record, as form values: what a save compares against. */
  base: D;
  /** Whether the form holds input not saved. */
  dirty: boolean;
  /** A newer version arrived while the user had edits (until saved or discarded). */
  updated: boolean;
  /** The input was restored from the draft kept on the device (until saved or discarded). */
  restored: boolean;
  /** The parts changed both here and elsewhere: the field keeps the user's value, `base` has theirs. */
  conflicts: readonly string[];
  set<K extends keyof D & string>(key: K, value: D[K]): void;
  /** Settles a conflict: take the other version, or keep the user's. */
  resolve(part: string, choice: "theirs" | "mine"): void;
  /** A save is under way: newer versions wait until it ends (saved or failed). */
  saving(): void;
  /** Saved as shown: the draft is cleared. */
  saved(): void;
  /** The save failed: the input stays, and so does the draft. */
  failed(): void;
  /** Throws the input away: the form shows the record again, the draft is cleared. */
  discard(): void;
}

interface Inner<D extends object> {
  state: fs.FormState<D>;
  /** The version merged last; null for a restored draft, merged on the first render. */
  seen: D | null;
  holding: boolean;
  updated: boolean;
  restored: boolean;
  /** The state last written to (or cleared from) the device. */
  kept: fs.FormState<D> | null;
}

export function useFormState<D extends object>({
  initial,
  draftKey,
  linked = [],
}: {
  /** The record's values (a new memo whenever the record changes), or a new record's empty ones. */
  initial: D;
  /** The draft's key on the device: one per record ("customers:<id>", "customers:new"). */
  draftKey: string;
  /** Fields merged together (a stable, module-level list). */
  linked?: fs.Linked<D>;
}): Form<D> {
  const user = session.value?.user.id ?? "";
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const ref = useRef<Inner<D> | null>(null);
  if (!ref.current) {
    const restored = fs.restoreForm(loadDraft(user, draftKey), initial);
    ref.current = {
      state: restored ?? fs.startForm(initial),
      seen: restored ? null : initial,
      holding: false,
      updated: false,
      restored: restored !== null,
      kept: null,
    };
  }
  const r = ref.current;
  // Merged during the render (not in an effect), so no frame shows the old base.
  if (!r.holding && r.seen !== initial) {
    const before = r.state;
    r.state = fs.rebase(before, initial, linked);
    r.seen = initial;
    if (fs.isDirty(before, linked) && !fs.sameValue(before.base, initial)) r.updated = true;
  }

  // The draft follows the form: kept while it holds input, forgotten when not.
  useEffect(() => {
    if (r.kept === r.state) return;
    r.kept = r.state;
    if (fs.isDirty(r.state, linked)) saveDraft(user, draftKey, r.state);
    else clearDraft(user, draftKey);
  });

  useEffect(() => guardLeave(() => fs.isDirty(r.state, linked)), []);

  const update = (next: fs.FormState<D>) => {
    r.state = next;
    rerender(0);
  };
  /** Cleared at once, not after the next render: a save or a discard is often followed by leaving. */
  const forget = (next: fs.FormState<D>) => {
    r.updated = false;
    r.restored = false;
    r.kept = next;
    clearDraft(user, draftKey);
    update(next);
  };
  const dirty = fs.isDirty(r.state, linked);
  return {
    draft: r.state.local,
    base: r.state.base,
    dirty,
    updated: r.updated && dirty,
    restored: r.restored && dirty,
    conflicts: r.state.conflicts,
    set: (key, value) => update(fs.edit(r.state, key, value, linked)),
    resolve: (part, choice) => update(fs.resolve(r.state, part, choice, linked)),
    saving: () => {
      r.holding = true;
    },
    saved: () => {
      r.holding = false;
      forget(fs.saved(r.state));
    },
    failed: () => {
      r.holding = false;
      rerender(0);
    },
    discard: () => forget(fs.discarded(r.state)),
  };
}
