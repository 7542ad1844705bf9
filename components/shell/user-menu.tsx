"use client";

import { KeyRound, Languages, LogOut } from "lucide-react";
import Link from "next/link";
import { useRef, useTransition } from "react";
import { setLocaleAction } from "@/app/actions";

/** `unsynced`: the sign-out warning, with `#` for the number of changes not yet synced. */
type Labels = { open: string; switchLocale: string; changePassword: string; signOut: string; unsynced: string };

/** The signed-in user's menu; its words come translated from the server (the shell ships no i18n runtime). */
export function UserMenu({ name, roleName, unitName, locale, labels }: { name: string; roleName: string; unitName: string; locale: string; labels: Labels }) {
  const [pending, start] = useTransition();
  const ref = useRef<HTMLDetailsElement>(null);
  return (
    <details ref={ref} className="group relative">
      <summary className="flex cursor-pointer list-none items-center gap-2 rounded-lg px-2 py-1.5 hover:bg-slate-100 [&::-webkit-details-marker]:hidden">
        <span aria-hidden className="flex size-8 items-center justify-center rounded-full bg-brand-100 text-sm font-semibold text-brand-700">
          {name.slice(-2)}
        </span>
        <span className="hidden text-left text-sm leading-tight sm:block">
          <span className="block font-medium">{name}</span>
          <span className="block text-xs text-slate-500">
            {unitName} · {roleName}
          </span>
        </span>
        <span className="sr-only">{labels.open}</span>
      </summary>
      <div className="absolute right-0 z-40 mt-1 w-56 rounded-xl border border-slate-200 bg-white p-1 shadow-lg">
        <p className="px-3 py-2 text-xs text-slate-500 sm:hidden">
          {name} · {unitName} · {roleName}
        </p>
        <button
          type="button"
          disabled={pending}
          onClick={() =>
            start(async () => {
              await setLocaleAction(locale === "en" ? "zh-CN" : "en");
              ref.current?.removeAttribute("open");
            })
          }
          className="flex w-full items-center gap-2 rounded-lg px-3 py-2 text-sm hover:bg-slate-100"
        >
          <Languages aria-hidden className="size-4" />
          {labels.switchLocale}
        </button>
        <Link href="/password" className="flex w-full items-center gap-2 rounded-lg px-3 py-2 text-sm hover:bg-slate-100">
          <KeyRound aria-hidden className="size-4" />
          {labels.changePassword}
        </Link>
        <button
          type="button"
          // next-auth's client and the offline store are only needed here, so they load on the click
          onClick={async () => {
            const offline = await import("@/lib/offline/session");
            const n = await offline.pendingCount();
            if (n && !window.confirm(labels.unsynced.replace("#", String(n)))) return;
            // this phone's copy of the user's data goes with them (issue #11 §6)
            await offline.endOfflineSession();
            const { signOut } = await import("next-auth/react");
            await signOut({ callbackUrl: "/login" });
          }}
          className="flex w-full items-center gap-2 rounded-lg px-3 py-2 text-sm text-red-700 hover:bg-red-50"
        >
          <LogOut aria-hidden className="size-4" />
          {labels.signOut}
        </button>
      </div>
    </details>
  );
}
