// The people a departed agent left to this supervisor (docs/protocol.md
// §5.3): on this device only because they are the supervisor's now, with a
// phone number to call, until the admin hands them on to a new agent.

import { useMemo } from "preact/hooks";
import { customerOf, prospectOf, useList } from "../../data";
import { tr } from "./messages";

export function InheritedCard() {
  const customers = useList("customers", customerOf);
  const prospects = useList("prospects", prospectOf);
  const sorted = useMemo(() => [...customers].sort((a, b) => a.name.localeCompare(b.name, "zh-CN")), [customers]);
  if (customers.length === 0 && prospects.length === 0) return null;
  return (
    <section class="card" aria-labelledby="dash-inherited" data-testid="inherited">
      <h2 id="dash-inherited">{tr("inherited.title", { n: customers.length })}</h2>
      <p class="muted">{tr("inherited.hint", { prospects: prospects.length })}</p>
      <ul class="list">
        {sorted.map((c) => (
          <li key={c.id}>
            <strong>{c.name}</strong>
            {c.phone && (
              <>
                {" · "}
                <a href={`tel:${c.phone}`}>{c.phone}</a>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
