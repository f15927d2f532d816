// A long list drawn one page at a time, with a button that draws the next
// page: a phone cannot draw thousands of rows and stay responsive.

import type { Signal } from "@preact/signals";
import type { ComponentChildren } from "preact";

/** How many rows a paged list draws at a time. */
export const PAGE = 50;

export function PagedList<T>({
  items,
  shown,
  row,
  more,
  moreTestid,
}: {
  items: readonly T[];
  /** How many rows are drawn: the caller starts it at PAGE and sets it back to PAGE when the list is searched or sorted anew. */
  shown: Signal<number>;
  /** The row of one item: a keyed <li>. */
  row: (item: T) => ComponentChildren;
  /** The words of the "show more" button, given how many rows are not drawn yet. */
  more: (left: number) => string;
  moreTestid?: string;
}) {
  const page = items.slice(0, shown.value);
  return (
    <>
      <ul class="list">{page.map(row)}</ul>
      {items.length > page.length && (
        <button type="button" class="btn btn--secondary btn--block" onClick={() => (shown.value += PAGE)} data-testid={moreTestid}>
          {more(items.length - page.length)}
        </button>
      )}
    </>
  );
}
