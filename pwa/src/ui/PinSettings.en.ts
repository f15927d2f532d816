// The words of the app PIN's settings in English. The type makes a missing
// or misspelt key a compile error.

import type { Messages } from "../i18n";
import type { zhCN } from "./PinSettings.zh-CN";

export const en: Messages<typeof zhCN> = {
  title: "App PIN",
  intro: "With a PIN, coming back to the app after the chosen minutes in the background asks for it first. {max} wrong in a row sign this phone out and delete its data. If you forget it, sign out and sign in again with your password (the PIN is removed).",
  uiOnly: "The PIN locks the screens only: the data kept on this phone is not encrypted by it.",
  new: "New PIN (4–6 digits)",
  again: "Type it again",
  minutes: "Ask for it after this long in the background",
  minutesN: "{n} min",
  set: "Set PIN",
  on: "On: the PIN is asked after {n} min in the background.",
  current: "Current PIN",
  remove: "Remove PIN",
  cancel: "Back",
  invalid: "A PIN is 4 to 6 digits.",
  mismatch: "The two PINs differ.",
  wrong: "Wrong PIN.",
  saved: "Saved.",
  removed: "The PIN is removed.",
  failed: "Could not save it: {message}",
};
