"use client";

import { ChevronDown } from "lucide-react";
import { useEffect, useRef, type ReactNode } from "react";

/**
 * A page header's secondary actions on a phone: one "更多操作" button opening them as a menu (below the md
 * breakpoint; the page shows the same actions inline from md up). Closes on Escape (focus back on the
 * button), on a click outside and after an action is chosen.
 */
export function OverflowActions({ label, children }: { label: string; children: ReactNode }) {
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    const close = (e: Event) => {
      const d = ref.current;
      if (!d?.open) return;
      if (e instanceof KeyboardEvent) {
        if (e.key !== "Escape") return;
        d.open = false;
        d.querySelector("summary")?.focus();
      } else if (!d.contains(e.target as Node)) d.open = false;
    };
    document.addEventListener("keydown", close);
    document.addEventListener("pointerdown", close);
    return () => {
      document.removeEventListener("keydown", close);
      document.removeEventListener("pointerdown", close);
    };
  }, []);
  return (
    <details ref={ref} className="relative md:hidden">
      <summary className="btn-secondary list-none [&::-webkit-details-marker]:hidden">
        {label}
        <ChevronDown aria-hidden className="size-4" />
      </summary>
      <div
        className="absolute right-0 z-30 mt-1 flex w-52 flex-col gap-1 rounded-xl border border-slate-200 bg-white p-1.5 shadow-lg [&>*]:w-full [&>*]:justify-start [&>*]:border-transparent [&>*]:shadow-none"
        onClick={() => ref.current?.removeAttribute("open")}
      >
        {children}
      </div>
    </details>
  );
}
