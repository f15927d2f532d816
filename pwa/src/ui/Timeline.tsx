// A list of activities, newest first as given: when, what kind, what came of
// it, the next step, notes, the premium of a deal; whether it still waits to
// be sent, and whether a supervisor voided it and why: a customer file's
// history, a Plan 100 name's, and the supervisor's read-only view of an
// agent's file. Given onOpen (the agent's own list), a tap on an item opens
// it in the activity sheet.

import type { Activity } from "../data";
import { label } from "../data/labels";
import { formatDateTime, formatYuan, translator } from "../i18n";
import { en } from "./Timeline.en";
import { zhCN } from "./Timeline.zh-CN";

const tr = translator({ "zh-CN": zhCN, en });

export function Timeline({ items, empty, onOpen }: { items: readonly Activity[]; empty: string; onOpen?: (a: Activity) => void }) {
  if (items.length === 0) return <p class="muted">{empty}</p>;
  return (
    <ol class="list">
      {items.map((a) => (
        <TimelineItem key={a.id} a={a} onOpen={onOpen} />
      ))}
    </ol>
  );
}

function TimelineItem({ a, onOpen }: { a: Activity; onOpen: ((a: Activity) => void) | undefined }) {
  return (
    <li
      class={`list__item${a.voided ? " timeline__item--voided" : ""}${onOpen ? " activity--opens" : ""}`}
      data-testid="timeline-item"
      data-id={a.id}
      onClick={onOpen && (() => onOpen(a))}
    >
      <div class="row">
        <span class="list__title">{a.kind ? label("kind", a.kind) : tr("unknownKind")}</span>
        {/* In the team's zone, as every screen writes it (the phone's zone may differ). */}
        <time class="muted" dateTime={a.occurredAt} data-testid="activity-time">
          {formatDateTime(a.at)}
        </time>
        {a.pending && <span class="chip chip--warn">{tr("pending")}</span>}
        {a.voided && <span class="chip chip--bad">{tr("voided")}</span>}
      </div>
      {a.outcome && <p>{a.outcome}</p>}
      {a.nextStep && (
        <p>
          <span class="muted">{tr("nextStep")}</span>
          {a.nextStep}
        </p>
      )}
      {a.kind === "deal" && a.premium !== null && (
        <p>
          <span class="muted">{tr("premium")}</span>
          {formatYuan(a.premium)}
        </p>
      )}
      {a.notes && <p class="timeline__notes">{a.notes}</p>}
      {a.voided && a.voidReason && <p class="error">{tr("voidReason", { reason: a.voidReason })}</p>}
      {onOpen && (
        <button type="button" class="btn btn--quiet" data-testid="timeline-open">
          {a.voided ? tr("view") : tr("edit")}
        </button>
      )}
    </li>
  );
}
