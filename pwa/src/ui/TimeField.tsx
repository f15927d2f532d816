// A time field on the team's clock: a datetime-local input showing the
// team's wall time whatever the phone's zone (it names the zone when the
// phone is elsewhere), from 2000-01-01 to `latest`. The activity sheet and
// the consent sheet use it; their own checks say what is wrong, as children.

import type { ComponentChildren } from "preact";
import { translator } from "../i18n";
import { wallInput } from "../time";
import { en } from "./TimeField.en";
import { zhCN } from "./TimeField.zh-CN";

const tr = translator({ "zh-CN": zhCN, en });

export function TimeField({
  id,
  label,
  value,
  zone,
  latest,
  errorId,
  children,
  onInput,
}: {
  /** The input's id; the zone's note is `<id>-zone`. */
  id: string;
  label: string;
  /** YYYY-MM-DDTHH:MM on the team's clock. */
  value: string;
  /** The team's zone. */
  zone: string;
  /** The latest instant the input offers (Unix ms). */
  latest: number;
  /** The id of the message saying what is wrong, while something is (given as children). */
  errorId?: string | undefined;
  children?: ComponentChildren;
  onInput: (value: string) => void;
}) {
  const phoneZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const zoneId = `${id}-zone`;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        type="datetime-local"
        required
        min="2000-01-01T00:00"
        max={wallInput(latest, zone)}
        value={value}
        aria-invalid={errorId ? true : undefined}
        aria-describedby={errorId ?? (phoneZone !== zone ? zoneId : undefined)}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
      {phoneZone !== zone && (
        <p class="muted" id={zoneId}>
          {tr("zone", { zone })}
        </p>
      )}
      {children}
    </div>
  );
}
