// Signing a user out of every device (a lost phone), asked first: each of
// their devices deletes its data at its next contact with the server.

import { useState } from "preact/hooks";
import { Confirm } from "./Confirm";
import { SaveStatus } from "./FieldError";
import { tr } from "./messages";
import { attempt, signOutUser } from "./requests";
import type { AdminUser } from "./users";

type Status = { text: string; bad: boolean };
const QUIET: Status = { text: "", bad: false };

export function SignOutUser({ user }: { user: AdminUser }) {
  const [asking, setAsking] = useState(false);
  const [status, setStatus] = useState<Status>(QUIET);
  const [busy, setBusy] = useState(false);

  const run = async () => {
    setBusy(true);
    const out = await attempt(() => signOutUser(user.id));
    setBusy(false);
    setAsking(false);
    if (out.ok) setStatus({ text: tr("signOutDone"), bad: false });
    else setStatus(out.offline ? { text: tr("notSavedOffline"), bad: true } : { text: tr("notSaved", { message: out.refusal.message }), bad: true });
  };

  return (
    <section class="card" aria-labelledby="admin-sign-out">
      <h2 id="admin-sign-out">{tr("signOutTitle")}</h2>
      <p class="muted">{tr("signOutHint")}</p>
      <SaveStatus status={status} testid="user-sign-out-status" />
      <button
        type="button"
        class="btn btn--danger"
        data-testid="user-sign-out"
        onClick={() => {
          setStatus(QUIET);
          setAsking(true);
        }}
      >
        {tr("signOut")}
      </button>
      {asking && (
        <Confirm
          title={tr("signOutAsk", { name: user.name || user.username })}
          action={tr("signOutConfirm")}
          busy={busy}
          testid="user-sign-out-confirm"
          onConfirm={() => void run()}
          onClose={() => setAsking(false)}
        >
          <p>{tr("signOutHint")}</p>
        </Confirm>
      )}
    </section>
  );
}
