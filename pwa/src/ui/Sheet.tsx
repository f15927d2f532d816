// A bottom sheet: a modal dialog that rises from the bottom of the screen,
// within reach of the thumb. Focus moves into it, Escape and the backdrop
// close it, and focus returns to what opened it.

import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";

export function Sheet({
  title,
  onClose,
  children,
}: {
  title: string;
  onClose: () => void;
  children: ComponentChildren;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    const first = box.current?.querySelector<HTMLElement>("input, select, textarea, button");
    first?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") onClose();
    };
    document.addEventListener("keydown", onKey);
    document.body.classList.add("sheet-open");
    return () => {
      document.removeEventListener("keydown", onKey);
      document.body.classList.remove("sheet-open");
      opener?.focus?.();
    };
  }, []);
  return (
    <div class="sheet" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <div class="sheet__box" role="dialog" aria-modal="true" aria-labelledby="sheet-title" ref={box}>
        <h2 id="sheet-title">{title}</h2>
        {children}
      </div>
    </div>
  );
}
