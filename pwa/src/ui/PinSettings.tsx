// 应用PIN — the app PIN's settings (issue 11, a lost phone), for every role:
// an agent's on 我的, a supervisor's and an admin's on the sync and account
// screen. Set a 4–6 digit PIN (typed twice) and after how many minutes in
// the background it is asked, or remove it (the PIN asked first). The lock
// itself is the shell's (ui/PinLock.tsx); the hashing and storage are
// pin.ts's. The PIN gates the interface only: the data on this phone is not
// encrypted by it.

import { useSignal, type Signal } from "@preact/signals";
import { session } from "../api";
import { translator } from "../i18n";
import { checkPin, clearPin, DEFAULT_MINUTES, MAX_FAILURES, PIN_MINUTES, readPin, setMinutes, setPin, validPin } from "../pin";
import { en } from "./PinSettings.en";
import { zhCN } from "./PinSettings.zh-CN";

const tr = translator({ "zh-CN": zhCN, en });

function MinutesSelect({ value, onChange }: { value: number; onChange: (m: number) => void }) {
  return (
    <div class="field">
      <label for="pin-minutes">{tr("minutes")}</label>
      <select id="pin-minutes" value={String(value)} onChange={(e) => onChange(Number(e.currentTarget.value))}>
        {PIN_MINUTES.map((m) => (
          <option key={m} value={String(m)}>
            {tr("minutesN", { n: m })}
          </option>
        ))}
      </select>
    </div>
  );
}

export function PinSettings() {
  const userId = session.value?.user.id ?? "";
  const version = useSignal(0); // read again after each change
  const first = useSignal("");
  const again = useSignal("");
  const minutes = useSignal(DEFAULT_MINUTES);
  const current = useSignal("");
  const removing = useSignal(false);
  const busy = useSignal(false);
  const error = useSignal("");
  const note = useSignal("");
  void version.value;
  const pin = userId ? readPin(localStorage, userId) : null;

  const save = async (e: Event) => {
    e.preventDefault();
    note.value = "";
    if (!validPin(first.value)) return void (error.value = tr("invalid"));
    if (first.value !== again.value) return void (error.value = tr("mismatch"));
    busy.value = true;
    try {
      await setPin(localStorage, userId, first.value, minutes.value);
      first.value = again.value = error.value = "";
      note.value = tr("saved");
      version.value++;
    } catch (err) {
      error.value = tr("failed", { message: err instanceof Error ? err.message : String(err) });
    } finally {
      busy.value = false;
    }
  };
  const remove = async (e: Event) => {
    e.preventDefault();
    busy.value = true;
    const ok = await checkPin(localStorage, userId, current.value);
    busy.value = false;
    if (!ok) return void (error.value = tr("wrong"));
    clearPin(localStorage, userId);
    current.value = error.value = "";
    removing.value = false;
    note.value = tr("removed");
    version.value++;
  };
  return (
    <section class="card" aria-labelledby="pin-settings-title" data-testid="pin-settings" data-pin={pin ? "on" : "off"}>
      <h2 id="pin-settings-title">{tr("title")}</h2>
      <p class="muted">{tr("intro", { max: MAX_FAILURES })}</p>
      <p class="muted">{tr("uiOnly")}</p>
      {!pin ? (
        <form onSubmit={(e) => void save(e)}>
          <PinField id="pin-new" label={tr("new")} value={first} />
          <PinField id="pin-again" label={tr("again")} value={again} />
          <MinutesSelect value={minutes.value} onChange={(m) => (minutes.value = m)} />
          <button type="submit" class="btn btn--primary" data-testid="pin-set" disabled={busy.value}>
            {tr("set")}
          </button>
        </form>
      ) : (
        <>
          <p data-testid="pin-on">{tr("on", { n: pin.minutes })}</p>
          <MinutesSelect
            value={pin.minutes}
            onChange={(m) => {
              setMinutes(localStorage, userId, m);
              note.value = tr("saved");
              version.value++;
            }}
          />
          {removing.value ? (
            <form onSubmit={(e) => void remove(e)}>
              <PinField id="pin-current" label={tr("current")} value={current} />
              <div class="row">
                <button type="submit" class="btn btn--danger" data-testid="pin-remove-confirm" disabled={busy.value}>
                  {tr("remove")}
                </button>
                <button type="button" class="btn btn--secondary" onClick={() => ((removing.value = false), (error.value = ""))}>
                  {tr("cancel")}
                </button>
              </div>
            </form>
          ) : (
            <button type="button" class="btn btn--secondary" data-testid="pin-remove" onClick={() => ((removing.value = true), (note.value = ""))}>
              {tr("remove")}
            </button>
          )}
        </>
      )}
      <p class="error" role="alert" data-testid="pin-settings-error">
        {error.value}
      </p>
      <p class="muted" role="status" data-testid="pin-settings-note">
        {note.value}
      </p>
    </section>
  );
}

/** A PIN's input: digits only, at most six, hidden as typed. */
function PinField({ id, label, value }: { id: string; label: string; value: Signal<string> }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        type="password"
        inputMode="numeric"
        autoComplete="off"
        maxLength={6}
        value={value.value}
        onInput={(e) => (value.value = e.currentTarget.value.replace(/[^0-9]/g, "").slice(0, 6))}
      />
    </div>
  );
}
