// A bottom sheet: a modal dialog that rises from the bottom of the screen,
// within reach of the thumb. Focus moves into it, Escape and the backdrop
// close it, and focus returns to what opened it.
//
// Opening a sheet adds a history entry (same URL), so Back — the browser's
// or Android's — closes it, as it closes a native sheet. A sheet that holds
// unsaved input (`dirty`) asks first, in the page: Back, Escape, the
// backdrop or Cancel leave the input in place until the user chooses to
// throw it away.
//
// A sheet closed any other way (saved, cancelled) never calls
// history.back(): a traversal is asynchronous, and a route change made just
// after it (location.hash = …) would be undone by it. Its entry stays
// behind, spent: the next sheet opened there reuses it, and Back from it
// goes straight on to the page before (it shows the same page).

import { useSignal } from "@preact/signals";
import type { ComponentChildren } from "preact";
import { useEffect, useLayoutEffect, useRef } from "preact/hooks";
import { translator } from "../i18n";
import { en } from "./Sheet.en";
import { zhCN } from "./Sheet.zh-CN";

const tr = translator({ "zh-CN": zhCN, en });

/** The state of a history entry a sheet added. */
interface SheetEntry {
  fieldbookSheet: string;
}

function sheetOf(state: unknown): string | null {
  const s = state as Partial<SheetEntry> | null;
  return typeof s === "object" && s !== null && typeof s.fieldbookSheet === "string" ? s.fieldbookSheet : null;
}

/** The open sheet: its entry's id and what Back does to it. */
let active: { id: string; onBack: () => void } | null = null;
let opened = 0;
// Where history stood before the latest change, to tell Back (same URL, the
// sheet's entry left) from a route change (another URL).
let here = typeof location === "undefined" ? "" : location.href;
let hereState: unknown = typeof history === "undefined" ? null : history.state;

function remember(): void {
  here = location.href;
  hereState = history.state;
}

if (typeof window !== "undefined") {
  // A fragment navigation fires popstate too (before hashchange).
  window.addEventListener("popstate", () => {
    const left = sheetOf(hereState);
    const sameUrl = location.href === here;
    remember();
    if (!left || !sameUrl) return;
    if (active && left === active.id) active.onBack();
    // Back from an entry a closed sheet left behind: the entry under it
    // shows the same page, so Back goes on to the one before.
    else if (!sheetOf(history.state)) history.back();
  });
  window.addEventListener("hashchange", remember);
}

/** Gives the sheet a history entry: a new one, or the spent one it stands on. */
function enter(id: string): void {
  if (sheetOf(history.state)) history.replaceState({ fieldbookSheet: id } satisfies SheetEntry, "");
  else history.pushState({ fieldbookSheet: id } satisfies SheetEntry, "");
  remember();
}

export function Sheet({
  title,
  onClose,
  dirty = false,
  onDiscard,
  children,
}: {
  title: string;
  /** Closes the sheet (the caller stops rendering it). */
  onClose: () => void;
  /** Whether the sheet holds input that closing would throw away: then closing asks first. */
  dirty?: boolean;
  /** Called when the user chose to throw the input away, before onClose (e.g. to forget a draft). */
  onDiscard?: () => void;
  /** The content; as a function it receives the close that asks when dirty (for a Cancel button). */
  children: ComponentChildren | ((close: () => void) => ComponentChildren);
}) {
  const box = useRef<HTMLDivElement>(null);
  const asking = useSignal(false);
  const latest = useRef({ dirty, onClose, onDiscard });
  latest.current = { dirty, onClose, onDiscard };

  const close = () => {
    if (latest.current.dirty) asking.value = true;
    else latest.current.onClose();
  };
  const discard = () => {
    asking.value = false;
    latest.current.onDiscard?.();
    latest.current.onClose();
  };

  // A layout effect: the entry is there as soon as the sheet is on screen,
  // so a Back pressed at once closes the sheet, not the page under it.
  useLayoutEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    const first = box.current?.querySelector<HTMLElement>("[data-autofocus]") ??
      box.current?.querySelector<HTMLElement>("input, select, textarea, button");
    first?.focus();
    const id = `${Date.now().toString(36)}.${++opened}`;
    enter(id);
    active = {
      id,
      onBack: () => {
        if (!latest.current.dirty) return latest.current.onClose();
        // Back is taken back: the sheet keeps its entry and asks.
        enter(id);
        asking.value = true;
      },
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      if (asking.value) asking.value = false;
      else close();
    };
    document.addEventListener("keydown", onKey);
    document.body.classList.add("sheet-open");
    return () => {
      if (active?.id === id) active = null;
      document.removeEventListener("keydown", onKey);
      document.body.classList.remove("sheet-open");
      opener?.focus?.();
    };
  }, []);

  return (
    <div class="sheet" onClick={(e) => e.target === e.currentTarget && close()}>
      <div class="sheet__box" role="dialog" aria-modal="true" aria-labelledby="sheet-title" ref={box}>
        <h2 id="sheet-title">{title}</h2>
        {typeof children === "function" ? children(close) : children}
      </div>
      {asking.value && <Ask onKeep={() => (asking.value = false)} onDiscard={discard} />}
    </div>
  );
}

/** The question before unsaved input is thrown away, over the sheet (which keeps the input). */
function Ask({ onKeep, onDiscard }: { onKeep: () => void; onDiscard: () => void }) {
  const keep = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    keep.current?.focus();
    return () => before?.focus?.();
  }, []);
  return (
    <div class="sheet sheet--ask" onClick={(e) => e.target === e.currentTarget && onKeep()}>
      <div
        class="sheet__box sheet__ask"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="sheet-ask-title"
        aria-describedby="sheet-ask-body"
        data-testid="sheet-confirm"
      >
        <h2 id="sheet-ask-title">{tr("askTitle")}</h2>
        <p id="sheet-ask-body">{tr("askBody")}</p>
        <div class="row">
          <button type="button" class="btn btn--primary" ref={keep} onClick={onKeep} data-testid="sheet-keep">
            {tr("keep")}
          </button>
          <button type="button" class="btn btn--danger-quiet" onClick={onDiscard} data-testid="sheet-discard">
            {tr("discard")}
          </button>
        </div>
      </div>
    </div>
  );
}
