// The sheet that offers to record the call just made: when the app is seen
// again (visibilitychange, or opened anew after the system closed it) and a
// call started from a tel: link is noted (callLog.ts), it asks "记一笔约访?"
// with the person and the time of the tap filled in. One tap records the
// call as the activity sheet would (records().put, the outbox); the other
// forgets it. Mounted once in the signed-in shell.

import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { teamZone } from "../api";
import { customerOf, myId, prospectOf, records, useCollection } from "../data";
import { formatDateTime, translator } from "../i18n";
import { newUUID } from "../sync";
import { callFields, forgetCall, pendingCall, type StartedCall } from "./callLog";
import { en } from "./CallBack.en";
import { zhCN } from "./CallBack.zh-CN";
import { Sheet } from "./Sheet";

const tr = translator({ "zh-CN": zhCN, en });

export function CallBack() {
  const call = useSignal<StartedCall | null>(null);
  useEffect(() => {
    const look = () => {
      if (document.visibilityState === "visible" && !call.value) call.value = pendingCall(myId());
    };
    look();
    document.addEventListener("visibilitychange", look);
    return () => document.removeEventListener("visibilitychange", look);
  }, []);
  if (!call.value) return null;
  return <CallSheet call={call.value} onClose={() => (call.value = null)} />;
}

function CallSheet({ call, onClose }: { call: StartedCall; onClose: () => void }) {
  const busy = useSignal(false);
  const failure = useSignal("");
  const name = usePersonName(call.who);
  const dismiss = () => {
    forgetCall(myId());
    onClose();
  };
  const save = async (e: Event) => {
    e.preventDefault();
    if (busy.value) return;
    busy.value = true;
    try {
      await records().put("activities", newUUID(), callFields(call, teamZone.value));
      forgetCall(myId());
      onClose();
    } catch (err) {
      failure.value = err instanceof Error ? err.message : String(err);
      busy.value = false;
    }
  };
  return (
    <Sheet title={tr("title")} onClose={dismiss}>
      <form class="form" onSubmit={(e) => void save(e)} data-testid="call-log">
        <dl class="facts">
          <div>
            <dt>{tr("who")}</dt>
            <dd data-testid="call-log-who">{name}</dd>
          </div>
          <div>
            <dt>{tr("when")}</dt>
            <dd data-testid="call-log-when">{formatDateTime(call.at)}</dd>
          </div>
        </dl>
        {failure.value && (
          <p class="error" role="alert">
            {tr("failed", { message: failure.value })}
          </p>
        )}
        <div class="row">
          <button type="submit" class="btn btn--primary" disabled={busy.value} data-testid="call-log-save" data-autofocus>
            {tr("save")}
          </button>
          <button type="button" class="btn btn--secondary" onClick={dismiss} data-testid="call-log-dismiss">
            {tr("dismiss")}
          </button>
        </div>
      </form>
    </Sheet>
  );
}

/** The name of "c:<id>" or "p:<id>", "" while it is not on the phone. */
function usePersonName(who: string): string {
  const customers = useCollection("customers");
  const prospects = useCollection("prospects");
  const id = who.slice(2);
  const r = who.startsWith("c:") ? customers.get(id) : prospects.get(id);
  if (!r) return "";
  return who.startsWith("c:") ? customerOf(r).name : prospectOf(r).name;
}
