import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { Viewer } from "@/lib/viewer";
import { can } from "@/lib/viewer";

const TABS = [
  { key: "feed", href: "/team", permission: "plan:review" },
  { key: "summary", href: "/team/summary", permission: "plan:review" },
  { key: "assign", href: "/team/assign", permission: "customer:assign" },
  { key: "pool", href: "/team/pool", permission: "customer:view" },
  { key: "conflicts", href: "/team/conflicts", permission: "plan:review" },
] as const;

/** The 团队管理 pages' tabs: only those the viewer may open. */
export async function TeamTabs({ viewer, active }: { viewer: Viewer; active: (typeof TABS)[number]["key"] }) {
  const t = await getTranslations("team.tabs");
  const tabs = TABS.filter((x) => can(viewer, x.permission));
  if (tabs.length < 2) return null;
  return (
    <nav aria-label={t("label")} className="-mx-1 flex gap-1 overflow-x-auto border-b border-slate-200">
      {tabs.map((x) => (
        <Link
          key={x.key}
          href={x.href}
          aria-current={x.key === active ? "page" : undefined}
          className={`whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium ${x.key === active ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
        >
          {t(x.key)}
        </Link>
      ))}
    </nav>
  );
}
