// How many records of each kind this phone holds, read from IndexedDB when
// the screen opens and again after each sync or local change.

import { useEffect, useState } from "preact/hooks";
import { syncState } from "../../replica";
import type { LocalStore } from "../../sync";
import { collectionLabel } from "./labels";
import { tr } from "./messages";

export function RecordCounts({ store }: { store: LocalStore }) {
  const [rows, setRows] = useState<[string, number][]>([]);
  const s = syncState.value;
  useEffect(() => {
    let live = true;
    store.countsByCollection().then(
      (c) => live && setRows(c),
      () => undefined, // the store closed on sign-out
    );
    return () => {
      live = false;
    };
  }, [store, s?.dataVersion, s?.pending]);
  return (
    <section class="card" aria-labelledby="records-title">
      <h2 id="records-title">{tr("records.title")}</h2>
      {rows.length === 0 ? (
        <p class="muted">{tr("records.empty")}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{tr("records.collection")}</th>
              <th scope="col" class="num">
                {tr("records.count")}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([name, n]) => (
              <tr key={name}>
                <th scope="row">{collectionLabel(name)}</th>
                <td class="num">{n}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
