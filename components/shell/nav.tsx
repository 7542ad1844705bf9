"use client";

import clsx from "clsx";
import { Ellipsis, X } from "lucide-react";
import { usePathname } from "next/navigation";
import { Suspense, use, useEffect, useRef, useState } from "react";
import { IntentLink } from "@/components/ui/intent-link";
import { MODULE_GROUPS, moduleFor, type ModuleDef } from "@/lib/modules";
import { MODULE_ICONS } from "./icons";

type NavModule = Pick<ModuleDef, "key" | "href" | "group" | "built" | "primary"> & {
  label: string;
  /**
   * A count shown on the item (e.g. open reminders) with what it means for screen readers, translated on
   * the server. A promise, so the page does not wait for it; 0 or absent shows nothing.
   */
  badge?: Promise<{ count: number; label: string }>;
};

function Badge({ badge, compact }: { badge: Promise<{ count: number; label: string }>; compact?: boolean }) {
  const { count, label } = use(badge);
  if (count <= 0) return null;
  return (
    <span
      className={clsx(
        "rounded-full bg-red-600 px-1.5 text-[11px] leading-5 font-semibold text-white tabular-nums",
        compact ? "absolute -top-1 left-1/2 ml-1.5 min-w-5 text-center" : "ml-auto min-w-5 text-center",
      )}
      data-testid="nav-badge"
    >
      <span aria-hidden>{count > 99 ? "99+" : count}</span>
      <span className="sr-only">{label}</span>
    </span>
  );
}

/** The navigation's words, translated on the server so the shell ships no i18n runtime. */
export type NavLabels = { main: string; more: string; close: string; allModules: string; soon: string; groups: Record<(typeof MODULE_GROUPS)[number], string> };

function NavItem({ m, soon, active, onNavigate, compact }: { m: NavModule; soon: string; active: boolean; onNavigate?: () => void; compact?: boolean }) {
  const Icon = MODULE_ICONS[m.key];
  return (
    <IntentLink
      href={m.href}
      onClick={onNavigate}
      aria-current={active ? "page" : undefined}
      className={clsx(
        compact
          ? "flex min-w-0 flex-1 flex-col items-center gap-0.5 py-1.5 text-[11px]"
          : "flex items-center gap-3 rounded-lg px-3 py-2 text-sm",
        active ? "bg-brand-50 font-semibold text-brand-700" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900",
      )}
    >
      <span className="relative">
        <Icon aria-hidden className={compact ? "size-5" : "size-4 shrink-0"} />
        {compact && m.badge && (
          <Suspense fallback={null}>
            <Badge badge={m.badge} compact />
          </Suspense>
        )}
      </span>
      <span className="truncate">{m.label}</span>
      {!compact && m.badge && (
        <Suspense fallback={null}>
          <Badge badge={m.badge} />
        </Suspense>
      )}
      {!compact && !m.built && <span className="ml-auto text-[10px] text-slate-400">{soon}</span>}
    </IntentLink>
  );
}

/** Desktop sidebar: every module, grouped. */
export function SidebarNav({ modules, labels }: { modules: NavModule[]; labels: NavLabels }) {
  const current = moduleFor(usePathname());
  return (
    <nav aria-label={labels.main} className="space-y-5">
      {MODULE_GROUPS.map((g) => {
        const items = modules.filter((m) => m.group === g);
        if (!items.length) return null;
        return (
          <div key={g}>
            <p className="px-3 pb-1 text-xs font-medium tracking-wide text-slate-400">{labels.groups[g]}</p>
            <ul className="space-y-0.5">
              {items.map((m) => (
                <li key={m.key}>
                  <NavItem m={m} soon={labels.soon} active={current?.key === m.key} />
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </nav>
  );
}

/** Phone: a bottom bar with the daily modules and a "more" drawer with all the others. */
export function BottomNav({ modules, labels }: { modules: NavModule[]; labels: NavLabels }) {
  const current = moduleFor(usePathname());
  const [open, setOpen] = useState(false);
  const closeRef = useRef<HTMLButtonElement>(null);
  const moreRef = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);
  useEffect(() => {
    // closed: the focus goes back to the 更多 button that opened the drawer
    if (!open) {
      if (wasOpen.current && (!document.activeElement || document.activeElement === document.body || !document.activeElement.isConnected)) moreRef.current?.focus();
      wasOpen.current = false;
      return;
    }
    wasOpen.current = true;
    closeRef.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open]);
  const primary = modules.filter((m) => m.primary).slice(0, 4);
  return (
    <>
      <nav aria-label={labels.main} className="fixed inset-x-0 bottom-0 z-30 border-t border-slate-200 bg-white/95 pb-[env(safe-area-inset-bottom)] backdrop-blur lg:hidden">
        <ul className="flex">
          {primary.map((m) => (
            <li key={m.key} className="flex flex-1">
              <NavItem m={m} soon={labels.soon} active={current?.key === m.key} compact />
            </li>
          ))}
          <li className="flex flex-1">
            <button
              ref={moreRef}
              type="button"
              onClick={() => setOpen(true)}
              aria-expanded={open}
              aria-controls="more-drawer"
              className="flex flex-1 flex-col items-center gap-0.5 py-1.5 text-[11px] text-slate-600"
            >
              <Ellipsis aria-hidden className="size-5" />
              {labels.more}
            </button>
          </li>
        </ul>
      </nav>
      {open && (
        <div className="fixed inset-0 z-40 lg:hidden" role="dialog" aria-modal="true" aria-labelledby="more-title" id="more-drawer">
          <button type="button" aria-label={labels.close} className="absolute inset-0 bg-slate-900/40" onClick={() => setOpen(false)} tabIndex={-1} />
          <div className="absolute inset-x-0 bottom-0 max-h-[80dvh] overflow-y-auto rounded-t-2xl bg-white p-4 pb-[calc(1rem+env(safe-area-inset-bottom))] shadow-xl">
            <div className="mb-3 flex items-center justify-between">
              <h2 id="more-title" className="text-base font-semibold">
                {labels.allModules}
              </h2>
              <button ref={closeRef} type="button" onClick={() => setOpen(false)} className="btn-secondary min-h-9 px-2" aria-label={labels.close}>
                <X aria-hidden className="size-4" />
              </button>
            </div>
            <SidebarNavList modules={modules} labels={labels} onNavigate={() => setOpen(false)} />
          </div>
        </div>
      )}
    </>
  );
}

function SidebarNavList({ modules, labels, onNavigate }: { modules: NavModule[]; labels: NavLabels; onNavigate: () => void }) {
  const current = moduleFor(usePathname());
  return (
    <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
      {MODULE_GROUPS.map((g) => {
        const items = modules.filter((m) => m.group === g);
        if (!items.length) return null;
        return (
          <div key={g}>
            <p className="px-3 pb-1 text-xs font-medium text-slate-400">{labels.groups[g]}</p>
            <ul className="space-y-0.5">
              {items.map((m) => (
                <li key={m.key}>
                  <NavItem m={m} soon={labels.soon} active={current?.key === m.key} onNavigate={onNavigate} />
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </div>
  );
}
