import { getTranslations } from "next-intl/server";
import { AdminNav } from "@/components/admin/admin-nav";
import type { Permission } from "@/lib/permissions";
import { requireViewer } from "@/lib/session";
import { can } from "@/lib/viewer";

const TABS: { href: string; key: string; permission: Permission }[] = [
  { href: "/admin", key: "org", permission: "admin:view" },
  { href: "/admin/users", key: "users", permission: "admin:view" },
  { href: "/admin/roles", key: "roles", permission: "admin:view" },
  { href: "/admin/dictionaries", key: "dictionaries", permission: "admin:view" },
  { href: "/admin/audit", key: "audit", permission: "audit:view" },
  { href: "/admin/processes", key: "processes", permission: "admin:processes" },
  { href: "/admin/value-grades", key: "valueRules", permission: "admin:dictionaries" },
];

/** 系统管理: every section of the console (each page checks its own permission), as tabs the viewer may open. */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const viewer = await requireViewer();
  const t = await getTranslations("admin.nav");
  const tabs = TABS.filter((x) => can(viewer, x.permission)).map((x) => ({ href: x.href, label: t(x.key) }));
  return (
    <>
      {tabs.length > 1 && <AdminNav tabs={tabs} label={t("label")} />}
      {children}
    </>
  );
}
