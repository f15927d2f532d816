// A list of activities, newest first as given: when, what kind, what came of
// it, the next step, notes, the premium of a deal; whether it still waits to
// be sent, and whether a supervisor voided it and why. Plan 100's detail
// uses it for a prospect's history. Given onOpen (the agent's own list), a
// tap on an item opens it in the activity sheet.

import type { Activity } from "../../data";
import { label } from "../../data/labels";
import { formatDateTime, formatYuan, messages } from "../../i18n";

const tr = messages(
  {
    nextStep: "下一步：",
    premium: "保费：",
    pending: "待发送",
    voided: "已作废",
    voidReason: "作废原因：{reason}",
    unknownKind: "活动",
    edit: "修改",
    view: "查看",
  },
  {
    nextStep: "Next step: ",
    premium: "Premium: ",
    pending: "Not sent yet",
    voided: "Voided",
    voidReason: "Voided because: {reason}",
    unknownKind: "Activity",
    edit: "Edit",
    view: "View",
  },
);

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
