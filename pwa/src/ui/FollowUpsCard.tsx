// The follow-ups due on an agent's Today (data/followUps.ts): today's and
// the overdue ones, each with the person, how late it is, the last outcome
// and the next step planned; one tap opens the activity sheet for that
// person, and recording it answers the follow-up. Nothing when none is due.

import { useSignal } from "@preact/signals";
import { useMemo } from "preact/hooks";
import { customerOf, daysBetween, prospectOf, teamToday, useCollection, type Activity, type Kind } from "../data";
import { dueFollowUps, type FollowUp } from "../data/followUps";
import { translator } from "../i18n";
import { ActivitySheet, type TapKind } from "./ActivitySheet";
import { en } from "./FollowUpsCard.en";
import { zhCN } from "./FollowUpsCard.zh-CN";

const tr = translator({ "zh-CN": zhCN, en });

/** Rows shown before "show all": Today's tap grid and plan stay within reach. */
const FIRST_ROWS = 5;

/** What a follow-up records by default: a meeting is followed by another, a first contact or a deal by a call. */
function followUpKind(kind: Kind | null): TapKind {
  switch (kind) {
    case "visit":
    case "sales_interview":
    case "closing_interview":
      return kind;
    case "appointment":
      return "visit";
    default:
      return "call";
  }
}

export function FollowUpsCard({ acts }: { acts: readonly Activity[] }) {
  const day = teamToday();
  const customers = useCollection("customers");
  const prospects = useCollection("prospects");
  const open = useSignal<FollowUp | null>(null);
  const all = useSignal(false);
  const due = useMemo(() => {
    const out: { f: FollowUp; name: string }[] = [];
    for (const f of dueFollowUps(acts, day)) {
      const id = f.who.slice(2);
      const r = f.who.startsWith("c:") ? customers.get(id) : prospects.get(id);
      if (r) out.push({ f, name: f.who.startsWith("c:") ? customerOf(r).name : prospectOf(r).name });
    }
    return out;
  }, [acts, day, customers, prospects]);
  const sheet = open.value;
  // The sheet stays while it saves, though the follow-up it answers goes.
  if (due.length === 0 && !sheet) return null;
  return (
    <section class="card" aria-labelledby="follow-title" data-testid="follow-ups">
      <h2 id="follow-title">{tr("title")}</h2>
      <ul class="list">
        {(all.value ? due : due.slice(0, FIRST_ROWS)).map(({ f, name }) => (
          <li key={f.who} class="list__item" data-testid="follow-up" data-who={f.who} data-overdue={f.overdue ? "true" : undefined}>
            <div class="row">
              <span class="list__title">{name}</span>
              <span class={`chip${f.overdue ? " chip--warn" : ""}`}>{f.overdue ? tr("overdue", { n: daysBetween(f.due, day) }) : tr("dueToday")}</span>
            </div>
            {f.lastOutcome && <p class="activity__text">{tr("last", { outcome: f.lastOutcome })}</p>}
            {f.from.nextStep && <p class="muted">{tr("next", { step: f.from.nextStep })}</p>}
            <button type="button" class="btn btn--secondary" onClick={() => (open.value = f)} data-testid="follow-up-record">
              {tr("record")}
            </button>
          </li>
        ))}
      </ul>
      {!all.value && due.length > FIRST_ROWS && (
        <button type="button" class="btn btn--quiet" onClick={() => (all.value = true)} data-testid="follow-ups-more">
          {tr("more", { n: due.length - FIRST_ROWS })}
        </button>
      )}
      {sheet && (
        <ActivitySheet
          kind={followUpKind(sheet.from.kind)}
          {...(sheet.who.startsWith("c:") ? { customerId: sheet.who.slice(2) } : { prospectId: sheet.who.slice(2) })}
          onClose={() => (open.value = null)}
        />
      )}
    </section>
  );
}
