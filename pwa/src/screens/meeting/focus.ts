// The day's focus (今日重点) the supervisor types for the morning meeting:
// kept on this device in localStorage, one per team and day, the oldest
// dropped beyond a month's worth. Pure over a Storage-like object.

import type { KeyValueStore } from "../../remote/cache";

const PREFIX = "fieldbook.meeting-focus.";
/** Days kept per device: enough to look back at last month's focuses. */
const KEEP = 40;
/** Long enough for a few sentences, short enough to read from across the room. */
export const MAX_FOCUS = 300;

const key = (teamId: string, day: string) => `${PREFIX}${teamId}.${day}`;

export function readFocus(store: KeyValueStore, teamId: string, day: string): string {
  try {
    return store.getItem(key(teamId, day)) ?? "";
  } catch {
    return "";
  }
}

/** Keeps the day's focus (an empty one is removed), dropping the oldest days beyond keep. */
export function writeFocus(store: KeyValueStore, teamId: string, day: string, text: string, keep = KEEP): void {
  try {
    const value = text.slice(0, MAX_FOCUS);
    if (value.trim() === "") store.removeItem(key(teamId, day));
    else store.setItem(key(teamId, day), value);
    const all: { k: string; day: string }[] = [];
    for (let i = 0; i < store.length; i++) {
      const k = store.key(i);
      if (k?.startsWith(PREFIX)) all.push({ k, day: k.slice(k.lastIndexOf(".") + 1) });
    }
    all.sort((a, b) => (a.day < b.day ? 1 : a.day > b.day ? -1 : 0));
    for (const old of all.slice(keep)) store.removeItem(old.k);
  } catch {
    // Storage full or disabled: the focus shows for this visit only.
  }
}
