// A phone number as a tel: link that notes the call it starts (callLog.ts),
// so that the app offers to record it when the agent comes back.

import { myId } from "../data";
import { noteCall } from "./callLog";

/** The number as written, dialled without spaces or dashes; who is "c:<id>" or "p:<id>". */
export function CallLink({ phone, who }: { phone: string; who: string }) {
  return (
    <a href={`tel:${phone.replace(/[\s-]/g, "")}`} data-testid="call-link" onClick={() => noteCall(myId(), who)}>
      {phone}
    </a>
  );
}
