import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ArrowLeft } from "lucide-react";
import { CopyRoleForm, DeleteRoleButton, RoleForm } from "@/components/admin/role-forms";
import { ClientMessages } from "@/components/intl/client-messages";
import { getDb } from "@/db/client";
import { getRoles } from "@/db/queries/admin";
import { roleLabel } from "@/lib/permissions";
import { requirePermission } from "@/lib/session";
import { isUuid } from "@/lib/validation/common";
import { can } from "@/lib/viewer";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin"))("roles.title") };
}

/** One role: its data scope and the function-permission matrix; a built-in one is shown read-only, to copy. */
export default async function RolePage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requirePermission("admin:view");
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const [t, tr, roles] = await Promise.all([getTranslations("admin"), getTranslations(), getRoles(await getDb(), viewer)]);
  const role = roles.find((r) => r.id === id);
  if (!role) notFound();
  const canEdit = can(viewer, "admin:users");
  const label = roleLabel(tr, role);
  return (
    <ClientMessages namespaces={["admin"]}>
      <div className="space-y-4">
        <Link href="/admin/roles" className="inline-flex items-center gap-1 text-sm text-brand-700 hover:underline">
          <ArrowLeft aria-hidden className="size-4" />
          {t("roles.back")}
        </Link>
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div>
            <h1 className="text-2xl font-semibold">{label}</h1>
            <p className="text-sm text-slate-500">
              {role.builtIn ? t("roles.builtIn") : t("roles.custom")} · {t("roles.holders", { count: role.users })}
            </p>
          </div>
          {canEdit && !role.builtIn && role.users === 0 && <DeleteRoleButton id={role.id} name={label} />}
        </div>
        {role.builtIn && <p className="rounded-lg border border-slate-200 bg-slate-50 p-3 text-sm text-slate-700">{t("roles.builtInNote")}</p>}
        {canEdit && <CopyRoleForm fromId={role.id} defaultName={t("roles.copyOf", { name: label })} />}
        <RoleForm role={{ ...role, label, permissions: role.permissions }} canEdit={canEdit} />
      </div>
    </ClientMessages>
  );
}
