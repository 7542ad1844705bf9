"use client";

import clsx from "clsx";
import Link from "next/link";
import { usePathname } from "next/navigation";

export type AdminTab = { href: string; label: string };

/** The admin console's sections: a row of tabs that scrolls sideways on a phone. */
export function AdminNav({ tabs, label }: { tabs: AdminTab[]; label: string }) {
  const path = usePathname();
  const current = tabs.filter((t) => path === t.href || path.startsWith(t.href + "/")).sort((a, b) => b.href.length - a.href.length)[0];
  return (
    <nav aria-label={label} className="-mx-4 mb-4 overflow-x-auto border-b border-slate-200 px-4 lg:mx-0 lg:px-0">
      <ul className="flex min-w-max gap-1">
        {tabs.map((t) => (
          <li key={t.href}>
            <Link
              href={t.href}
              aria-current={current?.href === t.href ? "page" : undefined}
              className={clsx(
                "inline-flex min-h-11 items-center border-b-2 px-3 text-sm font-medium whitespace-nowrap",
                current?.href === t.href ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900",
              )}
            >
              {t.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
