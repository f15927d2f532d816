// Choosing whom an activity was with, one-thumbed: a search box over a
// short scrolling list of big rows, the people last met first. Once someone
// is chosen the list folds away to their name and a Change button, leaving
// the rest of the sheet in reach.

import { useSignal } from "@preact/signals";
import { useMemo } from "preact/hooks";
import { formatDay, translator } from "../i18n";
import { dayIn } from "../time";
import { findPeople, type Person } from "./people";
import { en } from "./PersonPicker.en";
import { zhCN } from "./PersonPicker.zh-CN";

const tr = translator({ "zh-CN": zhCN, en });

/** At most this many rows are drawn; typing narrows the rest. */
const SHOWN = 50;

export function PersonPicker({
  id,
  value,
  people,
  zone,
  startOpen,
  disabled = false,
  onChange,
}: {
  /** The id of the control the field's label names. */
  id: string;
  /** The chosen person's value ("c:<id>", "p:<id>") or "". */
  value: string;
  /** Everyone to choose from, in the order to offer them (rankPeople). */
  people: readonly Person[];
  /** The team's zone, for the day of the last contact. */
  zone: string;
  /** Whether the list shows at first (else the choice, with a Change button). */
  startOpen: boolean;
  disabled?: boolean;
  onChange: (value: string) => void;
}) {
  const open = useSignal(startOpen && !disabled);
  const query = useSignal("");
  const found = useMemo(() => findPeople(people, query.value), [people, query.value]);
  const chosen = useMemo(() => people.find((p) => p.value === value), [people, value]);

  const choose = (v: string) => {
    onChange(v);
    query.value = "";
    open.value = false;
    // Focus stays in the sheet: on the button that reopens the list.
    requestAnimationFrame(() => document.getElementById(id)?.focus());
  };

  if (!open.value) {
    return (
      <div class="picker__chosen" data-testid="who-chosen" data-value={value}>
        <span class="picker__name">
          {value ? (chosen?.name ?? tr("unknown")) : tr("nobody")}
          {chosen && <span class="picker__meta"> · {tr(chosen.type)}</span>}
        </span>
        {!disabled && (
          <button
            type="button"
            id={id}
            class="btn btn--secondary"
            data-autofocus
            onClick={() => (open.value = true)}
            data-testid="who-change"
          >
            {tr("change")}
          </button>
        )}
      </div>
    );
  }

  const shown = found.slice(0, SHOWN);
  return (
    <div class="picker" data-testid="who-picker">
      <input
        id={id}
        type="search"
        enterKeyHint="search"
        autoComplete="off"
        placeholder={tr("search")}
        value={query.value}
        onInput={(e) => (query.value = e.currentTarget.value)}
        aria-controls={`${id}-list`}
        data-testid="who-search"
      />
      <ul class="picker__list" id={`${id}-list`} aria-label={tr("search")}>
        {!query.value && (
          <li>
            <Option value="" name={tr("nobody")} pressed={value === ""} autofocus onPick={choose} />
          </li>
        )}
        {shown.map((p) => (
          <li key={p.value}>
            <Option
              value={p.value}
              name={p.name}
              meta={p.last ? `${tr(p.type)} · ${formatDay(dayIn(p.last, zone))}` : tr(p.type)}
              pressed={p.value === value}
              onPick={choose}
            />
          </li>
        ))}
      </ul>
      <p class="muted" role="status" aria-live="polite">
        {found.length === 0 ? tr("none", { query: query.value.trim() }) : found.length > shown.length ? tr("more", { n: found.length - shown.length }) : ""}
      </p>
    </div>
  );
}

function Option(props: { value: string; name: string; meta?: string; pressed: boolean; autofocus?: boolean; onPick: (v: string) => void }) {
  return (
    <button
      type="button"
      class="picker__opt"
      aria-pressed={props.pressed}
      data-autofocus={props.autofocus ? "" : undefined}
      data-testid="who-option"
      data-value={props.value}
      onClick={() => props.onPick(props.value)}
    >
      <span class="picker__name">{props.name}</span>
      {props.meta && <span class="picker__meta">{props.meta}</span>}
    </button>
  );
}
