// A labelled bar for a share (completion against plan, file completeness).
// The number is written out too: colour alone never carries the meaning.

export function Meter({ value, label, text }: { value: number | null; label: string; text?: string }) {
  const pct = value === null ? 0 : Math.round(Math.max(0, Math.min(1, value)) * 100);
  return (
    <div class="meter">
      <div class="meter__row">
        <span>{label}</span>
        <span class="meter__num">{text ?? (value === null ? "—" : `${pct}%`)}</span>
      </div>
      <div
        class={`meter__bar${pct >= 100 ? " meter__bar--full" : ""}`}
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
      >
        <span style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}
