"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef, useTransition } from "react";
import type { ActionState } from "@/lib/action";
import { toast } from "@/lib/toast";

/** Runs `fn` once per action result (useActionState). */
export function useOnResult<T>(state: ActionState<T>, fn: (s: ActionState<T>) => void) {
  const seen = useRef(0);
  useEffect(() => {
    if (!state.at || seen.current === state.at) return;
    seen.current = state.at;
    fn(state);
  });
}

/** A button-driven action: runs it in a transition and toasts the outcome. */
export function useRun() {
  const t = useTranslations("admin");
  const [pending, start] = useTransition();
  const run = (call: () => Promise<ActionState>, success: string, after?: () => void) =>
    start(async () => {
      const r = await call();
      if (r.ok) {
        toast.success(success);
        after?.();
      } else toast.error(r.error ?? t("failed"));
    });
  return [pending, run] as const;
}

export function FormError({ state }: { state: ActionState }) {
  if (!state.error || state.ok) return null;
  return (
    <p role="alert" className="rounded-lg border border-red-200 bg-red-50 p-2 text-sm text-red-800">
      {state.error}
    </p>
  );
}

export const str = (v: unknown) => (v == null ? "" : String(v));
