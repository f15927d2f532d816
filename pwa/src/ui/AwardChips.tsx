// Awards as chips, one a kind, with how many times it was won ("×2").

import { label } from "../data/labels";
import { awardCounts, type Award } from "../remote/json";

export function AwardChips({ awards, class: className }: { awards: readonly Award[]; class: string }) {
  return (
    <span class={className}>
      {awardCounts(awards).map((a) => (
        <span key={a.kind} class="chip chip--ok">
          {label("award", a.kind)}
          {a.count > 1 && ` ×${a.count}`}
        </span>
      ))}
    </span>
  );
}
