// Sign-in. Errors a user can act on get their own words: a wrong username
// or password (one message for both, as the server does), too many
// attempts (with the wait in minutes, when the server says it), no network.

import { useSignal } from "@preact/signals";
import { ApiError, deviceWiped, lastUsername, login, sessionExpired } from "../../api";
import { t } from "../../i18n";
import { OfflineError } from "../../sync";
import { LangSwitch } from "../../ui/LangSwitch";
import { lockoutMinutes } from "./lockout";
import { lockoutText, tr } from "./messages";

function errorText(err: unknown): string {
  if (err instanceof OfflineError) return tr("offline");
  if (err instanceof ApiError) {
    if (err.status === 401) return tr("invalid");
    if (err.status === 507) return tr("serverFull");
    if (err.status === 429) {
      return err.retryAfter ? lockoutText(lockoutMinutes(err.retryAfter)) : tr("rateLimited");
    }
  }
  return tr("failed", { message: err instanceof Error ? err.message : String(err) });
}

export function LoginScreen() {
  const username = useSignal(lastUsername());
  const password = useSignal("");
  const error = useSignal<unknown>(null);
  const busy = useSignal(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy.value) return;
    busy.value = true;
    error.value = null;
    try {
      await login(username.value.trim(), password.value);
      password.value = "";
    } catch (err) {
      error.value = err;
    } finally {
      busy.value = false;
    }
  };

  return (
    <main class="page page--narrow">
      <div class="row row--end">
        <LangSwitch />
      </div>
      <h1 class="title">{t("app.name")}</h1>
      <p class="muted">{tr("intro")}</p>
      {deviceWiped.value ? (
        <p class="notice" role="status" data-testid="device-wiped">
          {tr(deviceWiped.value === "departed" ? "departed" : "wiped")}
        </p>
      ) : (
        sessionExpired.value && (
          <p class="notice" role="status">
            {tr("expired")}
          </p>
        )
      )}
      <form class="card form" onSubmit={(e) => void submit(e)}>
        <h2>{tr("title")}</h2>
        <div class="field">
          <label for="login-username">{tr("username")}</label>
          <input
            id="login-username"
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellcheck={false}
            required
            value={username.value}
            onInput={(e) => (username.value = e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="login-password">{tr("password")}</label>
          <input
            id="login-password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password.value}
            onInput={(e) => (password.value = e.currentTarget.value)}
          />
        </div>
        <p class="error" role="alert">
          {error.value ? errorText(error.value) : ""}
        </p>
        <button type="submit" class="btn btn--primary btn--block" disabled={busy.value}>
          {busy.value ? tr("submitting") : tr("submit")}
        </button>
      </form>
    </main>
  );
}
