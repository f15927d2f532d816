// The app PIN's lock (issue 11, a lost phone), part of the shell: the page
// notes when it becomes hidden, and a signed-in user with a PIN (set in
// ui/PinSettings.tsx: an agent's on 我的, a supervisor's or an admin's on the
// sync screen; pin.ts) who comes back after their minutes finds a
// full-screen pad over the app until the right PIN. Five wrong in a row sign out and delete the
// user's data on this phone (api.ts wipeDevice); "forgot" removes the PIN and
// signs out as the account bar does, unsent changes kept. The lock covers
// the interface only: the app underneath keeps its state (and syncs).

import { signal, useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { logout, session, wipeDevice } from "../api";
import { t } from "../i18n";
import { clearPin, MAX_FAILURES, needsUnlock, readHiddenAt, readPin, unlock, writeHiddenAt } from "../pin";
import { syncState } from "../replica";

/** Whether the PIN pad covers the app. */
export const pinLocked = signal(false);

function lockIfDue(): void {
  const user = session.value?.user;
  const pin = user && readPin(localStorage, user.id);
  if (pin && needsUnlock(readHiddenAt(localStorage), Date.now(), pin.minutes)) pinLocked.value = true;
}

/** Locks now if due (a page opened after a while away), then at every return from the background. */
export function followVisibility(): void {
  lockIfDue();
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") {
      // While locked the time away keeps counting from the first hiding:
      // a reload (which hides the page) must not unlock it.
      if (!pinLocked.value) writeHiddenAt(localStorage, Date.now());
    } else if (!pinLocked.value) {
      lockIfDue();
    }
  });
}

const KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9"];

export function PinLock() {
  const entered = useSignal("");
  const error = useSignal("");
  const busy = useSignal(false);
  const confirming = useSignal(false);
  const title = useRef<HTMLHeadingElement>(null);
  const user = session.value?.user;

  const press = (d: string) => {
    if (busy.value || entered.value.length >= 6) return;
    entered.value += d;
  };
  const back = () => (entered.value = entered.value.slice(0, -1));
  const submit = async () => {
    if (!user || busy.value || entered.value.length < 4) return;
    busy.value = true;
    const r = await unlock(localStorage, user.id, entered.value);
    entered.value = "";
    busy.value = false;
    if (r.ok) {
      error.value = "";
      pinLocked.value = false;
    } else if (r.wipe) {
      pinLocked.value = false;
      await wipeDevice(user.id);
    } else {
      error.value = t("pin.wrong", { left: MAX_FAILURES - r.failures });
    }
  };
  const forgot = () => {
    const pending = syncState.value?.pending ?? 0;
    if (pending > 0 && !confirming.value) {
      confirming.value = true;
      return;
    }
    if (user) clearPin(localStorage, user.id);
    pinLocked.value = false;
    void logout();
  };

  useEffect(() => {
    title.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (/^[0-9]$/.test(e.key)) press(e.key);
      else if (e.key === "Backspace") back();
      else if (e.key === "Enter") void submit();
      else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  if (!user) return null;
  const n = entered.value.length;
  return (
    <div class="pinlock" role="dialog" aria-modal="true" aria-labelledby="pinlock-title" data-testid="pin-lock">
      <div class="pinlock__head">
        <p class="muted">{t("pin.who", { name: user.name || user.username })}</p>
        <h1 id="pinlock-title" tabIndex={-1} ref={title}>
          {t("pin.title")}
        </h1>
        <p class="pinlock__dots" aria-live="polite" aria-label={t("pin.entered", { n })} data-testid="pin-dots" data-n={n}>
          {"●".repeat(n) + "○".repeat(Math.max(0, 4 - n))}
        </p>
        <p class="error" role="alert" data-testid="pin-error">
          {busy.value ? "" : error.value}
        </p>
        {busy.value && <p class="muted">{t("pin.checking")}</p>}
      </div>
      <div class="pinlock__pad">
        {KEYS.map((d) => (
          <button type="button" class="pinlock__key" key={d} data-testid={`pin-key-${d}`} onClick={() => press(d)}>
            {d}
          </button>
        ))}
        <button type="button" class="pinlock__key pinlock__key--small" data-testid="pin-delete" disabled={n === 0} onClick={back}>
          {t("pin.delete")}
        </button>
        <button type="button" class="pinlock__key" data-testid="pin-key-0" onClick={() => press("0")}>
          0
        </button>
        <button
          type="button"
          class="pinlock__key pinlock__key--ok"
          data-testid="pin-ok"
          disabled={n < 4 || busy.value}
          onClick={() => void submit()}
        >
          {t("pin.ok")}
        </button>
      </div>
      {confirming.value ? (
        <div class="confirm" role="alertdialog" aria-labelledby="pinlock-pending">
          <p id="pinlock-pending">{t("session.logoutPending", { count: syncState.value?.pending ?? 0 })}</p>
          <div class="row">
            <button type="button" class="btn btn--danger" onClick={forgot}>
              {t("session.logoutConfirm")}
            </button>
            <button type="button" class="btn btn--secondary" onClick={() => (confirming.value = false)}>
              {t("session.cancel")}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" class="btn btn--quiet pinlock__forgot" data-testid="pin-forgot" onClick={forgot}>
          {t("pin.forgot")}
        </button>
      )}
    </div>
  );
}
