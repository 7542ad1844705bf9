import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { ArrowLeft } from "lucide-react";
import { EditUserForm, ResetPasswordForm, UserActiveButton } from "@/components/admin/user-forms";
import { ClientMessages } from "@/components/intl/client-messages";
import { getDb } from "@/db/client";
import { getAdminUser, getUserSignIns, userFormOptions } from "@/db/queries/admin";
import { decodeCursor, encodeCursor } from "@/lib/cursor";
import { roleLabel } from "@/lib/permissions";
import { currentViewer, requirePermission } from "@/lib/session";
import { isUuid } from "@/lib/validation/common";
import { can } from "@/lib/viewer";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const t = await getTranslations("admin");
  const { id } = await params;
  const viewer = await currentViewer();
  const u = viewer && isUuid(id) && can(viewer, "admin:view") ? await getAdminUser(await getDb(), viewer, id) : null;
  return { title: u ? `${u.name} · ${t("users.detail")}` : t("users.detail") };
}

/** One user (admin:view; changes admin:users): unit and role, password reset, deactivation, sign-in history. */
export default async function UserPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ cursor?: string }> }) {
  const viewer = await requirePermission("admin:view");
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const db = await getDb();
  const user = await getAdminUser(db, viewer, id);
  if (!user) notFound();
  const { cursor } = await searchParams;
  const [t, tr, format, options, signIns] = await Promise.all([
    getTranslations("admin"),
    getTranslations(),
    getFormatter(),
    userFormOptions(db, viewer),
    getUserSignIns(db, viewer, id, decodeCursor(typeof cursor === "string" ? cursor : undefined, "timestamp")),
  ]);
  const canEdit = can(viewer, "admin:users");
  const roles = options.roles.map((r) => ({ id: r.id, label: roleLabel(tr, r) }));
  return (
    <ClientMessages namespaces={["admin"]}>
      <div className="space-y-4">
        <Link href="/admin/users" className="inline-flex items-center gap-1 text-sm text-brand-700 hover:underline">
          <ArrowLeft aria-hidden className="size-4" />
          {t("users.back")}
        </Link>
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div>
            <h1 className="text-2xl font-semibold">{user.name}</h1>
            <p className="text-sm text-slate-500">
              {user.email} · {user.orgUnitName} · {roleLabel(tr, { code: user.roleCode, name: user.roleName })}
            </p>
            <p className="mt-1 flex flex-wrap gap-1 text-xs">
              {user.active ? <span className="chip bg-green-100 text-green-800">{t("users.active")}</span> : <span className="chip bg-slate-200 text-slate-700">{t("users.inactive")}</span>}
              {user.mustChangePassword && <span className="chip bg-amber-100 text-amber-800">{t("users.mustChange")}</span>}
              {user.handoverPendingSince && <span className="chip bg-red-100 text-red-800">{t("users.handover")}</span>}
            </p>
          </div>
          {canEdit && user.id !== viewer.id && <UserActiveButton id={user.id} name={user.name} active={user.active} />}
        </div>
        {!canEdit && <p className="text-sm text-amber-800">{t("readOnly")}</p>}
        <div className="grid gap-4 lg:grid-cols-2">
          <EditUserForm
            user={{ id: user.id, version: user.version, name: user.name, mobile: user.mobile, orgUnitId: user.orgUnitId, roleId: user.roleId, active: user.active }}
            units={options.units}
            roles={roles}
            canEdit={canEdit}
          />
          {canEdit && <ResetPasswordForm userId={user.id} />}
        </div>
        <section aria-labelledby="signins" className="card p-4">
          <h2 id="signins" className="mb-2 text-lg font-semibold">
            {t("users.signIns")}
          </h2>
          {signIns.items.length === 0 ? (
            <p className="text-sm text-slate-500">{t("empty")}</p>
          ) : (
            <div className="overflow-x-auto">
              <table className="w-full text-sm">
                <thead className="text-left text-slate-500">
                  <tr>
                    <th scope="col" className="py-1 pr-4 font-medium">
                      {t("users.time")}
                    </th>
                    <th scope="col" className="py-1 pr-4 font-medium">
                      {t("users.address")}
                    </th>
                    <th scope="col" className="py-1 font-medium">
                      {t("users.result")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {signIns.items.map((e) => (
                    <tr key={e.id} className="border-t border-slate-100">
                      <td className="py-1.5 pr-4 whitespace-nowrap">{format.dateTime(e.at, { dateStyle: "medium", timeStyle: "medium" })}</td>
                      <td className="py-1.5 pr-4 font-mono text-xs">{e.ip ?? "-"}</td>
                      <td className={e.result === "ok" ? "py-1.5 text-green-700" : "py-1.5 text-red-700"}>{t(`users.results.${e.result}`)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <nav aria-label={t("users.signIns")} className="mt-2 flex justify-between">
            {cursor ? (
              <Link href={`/admin/users/${id}`} className="btn-secondary">
                {t("first")}
              </Link>
            ) : (
              <span />
            )}
            {signIns.next && (
              <Link href={`/admin/users/${id}?cursor=${encodeCursor(signIns.next)}`} className="btn-secondary" rel="next">
                {t("next")}
              </Link>
            )}
          </nav>
        </section>
      </div>
    </ClientMessages>
  );
}
