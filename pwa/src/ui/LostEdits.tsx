// "Tell me when my edit lost": on a record's screen, the fields this phone
// changed that a newer change from another device has overwritten
// (sync/lost.ts finds them as a pull is stored). Each is shown once — with
// when, the value that was lost and the one that won — and one tap writes
// the lost value again as a new change. Leaving the screen, or "知道了",
// forgets the notice.

import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { records, type Collection } from "../data";
import { label } from "../data/labels";
import { formatDateTime, formatDay, translator } from "../i18n";
import { parseStamp, type LostEdit } from "../sync";
import { en } from "./LostEdits.en";
import { zhCN } from "./LostEdits.zh-CN";

const tr = translator({ "zh-CN": zhCN, en });

const LABELLED: Readonly<Record<string, Parameters<typeof label>[0]>> = {
  stage: "stage",
  grade: "grade",
  source: "source",
  gender: "gender",
  income_band: "income",
  needs: "need",
};

function fieldText(field: string): string {
  const key = `field.${field}`;
  return tr.has(key) ? tr(key) : field;
}

/** A field's value in words: the domain's labels for its closed lists, the count of children. */
export function valueText(field: string, v: unknown): string {
  if (v === null || v === undefined || v === "") return tr("empty");
  const group = LABELLED[field];
  if (Array.isArray(v)) {
    if (v.length === 0) return tr("empty");
    return v.map((x) => (typeof x === "string" ? (group ? label(group, x) : x) : typeof x === "object" && x && "name" in x ? String(x.name) : JSON.stringify(x))).join("、");
  }
  if (typeof v === "string") {
    if (field === "occurred_at" && !Number.isNaN(Date.parse(v))) return formatDateTime(Date.parse(v));
    if (field === "next_at") return formatDay(v);
    return group ? label(group, v) : v;
  }
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}

/** The notices of one record; `version` changes whenever the record does (a sync may have found more). */
export function LostEdits({ collection, id, version }: { collection: Collection; id: string; version: unknown }) {
  const lost = useSignal<LostEdit[]>([]);
  const restored = useSignal<string[]>([]);
  const failure = useSignal("");
  const shown = useRef(new Set<string>());
  const gone = useRef(new Map<string, string>());

  useEffect(() => {
    let live = true;
    void records()
      .engine.store.lostEdits(collection, id)
      .then((found) => {
        if (!live) return;
        // A later loss of a field replaces its notice; one dismissed or restored stays gone.
        const byField = new Map(lost.value.map((l) => [l.field, l]));
        for (const l of found) if (gone.current.get(l.field) !== l.by) byField.set(l.field, l);
        const next = [...byField.values()].sort((a, b) => (a.field < b.field ? -1 : 1));
        if (next.length !== lost.value.length || next.some((l, i) => l !== lost.value[i])) lost.value = next;
      })
      .catch(() => undefined); // the store closed on sign-out
    return () => {
      live = false;
    };
  }, [collection, id, version]);

  useEffect(() => {
    for (const l of lost.value) shown.current.add(l.field);
  }, [lost.value]);
  // Shown once: leaving the screen forgets what it showed.
  useEffect(
    () => () => {
      for (const field of shown.current) void forget(collection, id, field);
    },
    [collection, id],
  );

  const drop = (l: LostEdit) => {
    gone.current.set(l.field, l.by);
    lost.value = lost.value.filter((x) => x.field !== l.field);
    void forget(collection, id, l.field);
  };
  const restore = async (l: LostEdit) => {
    try {
      await records().put(collection, id, { [l.field]: l.value });
      drop(l);
      restored.value = [...restored.value, l.field];
      failure.value = "";
    } catch (err) {
      failure.value = err instanceof Error ? err.message : String(err);
    }
  };

  if (lost.value.length === 0 && restored.value.length === 0) return null;
  return (
    <section class="notice" role="status" data-testid="lost-edits">
      {lost.value.map((l) => (
        <div key={l.field} data-testid="lost-edit" data-field={l.field}>
          <p>
            <strong>{tr("title")}</strong>
          </p>
          <p data-testid="lost-edit-text">
            {tr("what", {
              field: fieldText(l.field),
              mine: formatDateTime(parseStamp(l.stamp)?.wall ?? l.at),
              value: valueText(l.field, l.value),
              when: formatDateTime(l.at),
              now: valueText(l.field, l.now),
            })}
          </p>
          <div class="row">
            <button type="button" class="btn btn--primary" onClick={() => void restore(l)} data-testid="lost-edit-restore">
              {tr("restore")}
            </button>
            <button type="button" class="btn btn--quiet" onClick={() => drop(l)} data-testid="lost-edit-dismiss">
              {tr("dismiss")}
            </button>
          </div>
        </div>
      ))}
      {restored.value.map((field) => (
        <p key={field} data-testid="lost-edit-restored">
          {tr("restored", { field: fieldText(field) })}
        </p>
      ))}
      {failure.value && (
        <p class="error" role="alert">
          {tr("failed", { message: failure.value })}
        </p>
      )}
    </section>
  );
}

function forget(collection: string, id: string, field: string): Promise<void> {
  try {
    return records().engine.store.forgetLost(collection, id, field).catch(() => undefined);
  } catch {
    return Promise.resolve(); // signed out: the replica is closed
  }
}
