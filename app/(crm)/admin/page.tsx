import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { OrgTree } from "@/components/admin/org-tree";
import { ClientMessages } from "@/components/intl/client-messages";
import { getDb } from "@/db/client";
import { getOrgTree } from "@/db/queries/admin";
import { requirePermission } from "@/lib/session";
import { can } from "@/lib/viewer";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin"))("org.title") };
}

/** 组织架构 (admin:view; changes admin:org): the tree with its people counts; create, rename, move, disable, delete. */
export default async function OrgPage() {
  const viewer = await requirePermission("admin:view");
  const [t, units] = await Promise.all([getTranslations("admin"), getOrgTree(await getDb(), viewer)]);
  const canEdit = can(viewer, "admin:org");
  return (
    <ClientMessages namespaces={["admin"]}>
      <div className="space-y-4">
        <div className="max-w-3xl">
          <h1 className="text-2xl font-semibold">{t("org.title")}</h1>
          <p className="text-sm text-slate-500">{t("org.subtitle")}</p>
          {!canEdit && <p className="mt-2 text-sm text-amber-800">{t("readOnly")}</p>}
        </div>
        <OrgTree units={units} canEdit={canEdit} />
      </div>
    </ClientMessages>
  );
}
