// In place of a record's page when the record is not there: its collection
// is still being read, or the record is not on this phone (deleted, or
// never synced to it).

import type { ComponentChildren } from "preact";

export function RecordMissing({
  loaded,
  back,
  notFound,
  loading,
}: {
  /** Whether the collection has been read: "not found" rather than "loading". */
  loaded: boolean;
  /** The way back to the list. */
  back: ComponentChildren;
  notFound: string;
  loading: string;
}) {
  return (
    <main class="page">
      {back}
      {loaded ? <p>{notFound}</p> : <p class="muted" aria-busy="true">{loading}</p>}
    </main>
  );
}
