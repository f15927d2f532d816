// What the last review did ("已通过：李娜 11月28日"), said once on the
// page the supervisor lands on next, since the page they acted on is gone.

import { signal } from "@preact/signals";
import { useEffect, useState } from "preact/hooks";

const flash = signal("");

/** Says `text` on the next page shown. */
export function announce(text: string): void {
  flash.value = text;
}

/** The message left for this page, read once when it first renders. */
export function useFlash(): string {
  const [text] = useState(() => flash.peek());
  useEffect(() => {
    flash.value = "";
  }, []);
  return text;
}
