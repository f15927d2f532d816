// The top bar of every signed-in screen: who is signed in, the language
// switch and sign-out. Signing out with unsent changes asks first, and never
// discards them: they stay in this user's replica until the next sign-in.
// "Sign out everywhere" (a lost phone) asks first too: the other devices
// delete their data at their next contact; this one keeps its own.

import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { logout, session, signOutEverywhere } from "../api";
import { t } from "../i18n";
import { syncState } from "../replica";
import { LangSwitch } from "./LangSwitch";

export function AccountBar() {
  const confirming = useSignal(false);
  const everywhere = useSignal(false);
  const everywhereError = useSignal("");
  const cancel = useRef<HTMLButtonElement>(null);
  const cancelEverywhere = useRef<HTMLButtonElement>(null);
  // Move focus into the warning so screen readers announce it and a
  // stray second tap cannot confirm by accident.
  useEffect(() => {
    if (confirming.value) cancel.current?.focus();
  }, [confirming.value]);
  useEffect(() => {
    if (everywhere.value) cancelEverywhere.current?.focus();
  }, [everywhere.value]);
  const user = session.value?.user;
  if (!user) return null;
  const pending = syncState.value?.pending ?? 0;
  const roleKey = `role.${user.role}`;
  const role = t.has(roleKey) ? t(roleKey) : user.role;

  const signOut = () => {
    if (pending > 0 && !confirming.value) {
      confirming.value = true;
      return;
    }
    void logout();
  };
  const signOutAll = () => {
    everywhereError.value = "";
    signOutEverywhere().catch((err: unknown) => {
      everywhereError.value = t("session.everywhereFailed", { message: err instanceof Error ? err.message : String(err) });
    });
  };

  return (
    <header class="topbar">
      <div class="topbar__row">
        <span class="topbar__app">{t("app.name")}</span>
        <LangSwitch />
      </div>
      <div class="topbar__row">
        <span class="topbar__user">
          {t("session.signedInAs", { name: user.name || user.username, role })}
          {user.team_name && (
            <span class="topbar__team" data-testid="account-team">
              {" · "}
              {user.team_name}
            </span>
          )}
        </span>
        <span class="row">
          <button type="button" class="btn btn--quiet-on-brand" data-testid="sign-out-everywhere" onClick={() => (everywhere.value = true)}>
            {t("session.everywhere")}
          </button>
          <button type="button" class="btn btn--quiet-on-brand" data-testid="sign-out" onClick={signOut}>
            {t("session.logout")}
          </button>
        </span>
      </div>
      {everywhere.value && (
        <div class="confirm" role="alertdialog" aria-labelledby="everywhere-warning">
          <p id="everywhere-warning">{t("session.everywhereWarning")}</p>
          <p class="error" role="alert">
            {everywhereError.value}
          </p>
          <div class="row">
            <button type="button" class="btn btn--danger" data-testid="sign-out-everywhere-confirm" onClick={signOutAll}>
              {t("session.everywhereConfirm")}
            </button>
            <button type="button" class="btn btn--secondary" ref={cancelEverywhere} onClick={() => (everywhere.value = false)}>
              {t("session.cancel")}
            </button>
          </div>
        </div>
      )}
      {confirming.value && (
        <div class="confirm" role="alertdialog" aria-labelledby="logout-warning">
          <p id="logout-warning">{t("session.logoutPending", { count: pending })}</p>
          <div class="row">
            <button type="button" class="btn btn--danger" onClick={signOut}>
              {t("session.logoutConfirm")}
            </button>
            <button type="button" class="btn btn--secondary" ref={cancel} onClick={() => (confirming.value = false)}>
              {t("session.cancel")}
            </button>
          </div>
        </div>
      )}
    </header>
  );
}
