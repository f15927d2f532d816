// Loads a screen's code on first use, so the first paint carries only what
// it shows: registry.ts wraps every screen but login and today in it.

import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";
import { t } from "./i18n";

type Loader<P> = () => Promise<{ default: ComponentType<P> }>;

export function lazy<P extends object>(load: Loader<P>): ComponentType<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<void> | null = null;
  const start = () =>
    (pending ??= load().then(
      (m) => {
        loaded = m.default;
      },
      (err: unknown) => {
        pending = null; // allow a retry
        throw err;
      },
    ));

  return function Lazy(props: P) {
    const [failed, setFailed] = useState(false);
    const [, setReady] = useState(0);
    useEffect(() => {
      if (loaded || failed) return;
      let live = true;
      start().then(
        () => live && setReady((n) => n + 1),
        () => live && setFailed(true),
      );
      return () => {
        live = false;
      };
    }, [failed]);
    const Screen = loaded;
    if (Screen) return <Screen {...props} />;
    if (failed) {
      return (
        <main class="page">
          <p role="alert">{t("app.loadFailed")}</p>
          <button type="button" class="btn" onClick={() => setFailed(false)}>
            {t("app.retry")}
          </button>
        </main>
      );
    }
    return (
      <main class="page" aria-busy="true">
        <p class="muted">{t("app.loading")}</p>
      </main>
    );
  };
}
