// An agent as the shared screen shows them: their name, or their alias
// (1号, 2号… by rank) when the team's setting hides it.

import { tr } from "./messages";
import type { Shown } from "./names";

export function who(shown: Shown | undefined): string {
  if (!shown) return "";
  return shown.named ? shown.name : tr("alias", { n: shown.place });
}

export function Who({ shown }: { shown: Shown | undefined }) {
  return (
    <span class={shown?.named ? "meeting-name" : "meeting-name meeting-name--alias"} data-name-shown={shown?.named ? "true" : "false"}>
      {who(shown)}
    </span>
  );
}
