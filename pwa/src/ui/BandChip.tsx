// A score's band as a chip: the word carries the meaning, the colour repeats it.

import { label } from "../data/labels";
import { bandOf } from "../scoring/scores";

export function BandChip({ band, score }: { band: string; score: number }) {
  const b = band || bandOf(score);
  const tone = b === "excellent" ? " chip--ok" : b === "coaching" ? " chip--warn" : "";
  return <span class={`chip${tone}`}>{label("band", b)}</span>;
}
