import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { CopyRoleForm } from "@/components/admin/role-forms";
import { ClientMessages } from "@/components/intl/client-messages";
import { getDb } from "@/db/client";
import { getRoles } from "@/db/queries/admin";
import { roleLabel } from "@/lib/permissions";
import { requirePermission } from "@/lib/session";
import { can } from "@/lib/viewer";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin"))("roles.title") };
}

/** 角色与权限 (admin:view; changes admin:users): built-in templates and the company's own roles. */
export default async function RolesPage() {
  const viewer = await requirePermission("admin:view");
  const [t, tr, roles] = await Promise.all([getTranslations("admin"), getTranslations(), getRoles(await getDb(), viewer)]);
  const canEdit = can(viewer, "admin:users");
  return (
    <ClientMessages namespaces={["admin"]}>
      <div className="space-y-4">
        <div className="max-w-3xl">
          <h1 className="text-2xl font-semibold">{t("roles.title")}</h1>
          <p className="text-sm text-slate-500">{t("roles.subtitle")}</p>
          {!canEdit && <p className="mt-2 text-sm text-amber-800">{t("readOnly")}</p>}
        </div>
        <ul className="grid gap-3 md:grid-cols-2">
          {roles.map((r) => {
            const label = roleLabel(tr, r);
            return (
              <li key={r.id} className="card space-y-3 p-4">
                <div className="flex flex-wrap items-center gap-2">
                  <Link href={`/admin/roles/${r.id}`} className="text-lg font-semibold text-brand-700 hover:underline">
                    {label}
                  </Link>
                  <span className={r.builtIn ? "chip bg-slate-100 text-slate-700" : "chip bg-brand-50 text-brand-700"}>{r.builtIn ? t("roles.builtIn") : t("roles.custom")}</span>
                  <span className="text-sm text-slate-500">{t("roles.holders", { count: r.users })}</span>
                </div>
                <p className="text-sm text-slate-600">
                  {t("roles.dataScope")}: {t(`roles.scopes.${r.dataScope}`)} · {t("roles.permissionCount", { count: r.permissions.length })}
                </p>
                <div className="flex flex-wrap items-end gap-2">
                  <Link href={`/admin/roles/${r.id}`} className="btn-secondary min-h-10">
                    {canEdit && !r.builtIn ? t("roles.edit") : t("roles.view")}
                  </Link>
                  {canEdit && <CopyRoleForm fromId={r.id} defaultName={t("roles.copyOf", { name: label })} />}
                </div>
              </li>
            );
          })}
        </ul>
      </div>
    </ClientMessages>
  );
}
