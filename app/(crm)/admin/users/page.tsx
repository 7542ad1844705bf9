import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { NewUserForm } from "@/components/admin/user-forms";
import { ClientMessages } from "@/components/intl/client-messages";
import { getDb } from "@/db/client";
import { listUsers, userFormOptions } from "@/db/queries/admin";
import { decodeCursor, encodeCursor } from "@/lib/cursor";
import { roleLabel } from "@/lib/permissions";
import { requirePermission } from "@/lib/session";
import { filterCursor, filterEnum, filterUuid, firstValues, searchText } from "@/lib/validation/common";
import { can } from "@/lib/viewer";
import { z } from "zod";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin"))("users.title") };
}

const querySchema = z.object({
  q: searchText(50),
  unit: filterUuid,
  status: filterEnum(["active", "inactive", "handover"] as const),
  cursor: filterCursor,
});

/** 用户 (admin:view; changes admin:users): search and filter the people, create one. */
export default async function UsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requirePermission("admin:view");
  const q = querySchema.parse(firstValues(await searchParams));
  const db = await getDb();
  const [t, tr, format, page, options] = await Promise.all([
    getTranslations("admin"),
    getTranslations(),
    getFormatter(),
    listUsers(db, viewer, { q: q.q, unitId: q.unit, status: q.status }, decodeCursor(q.cursor, "text")),
    userFormOptions(db, viewer),
  ]);
  const canEdit = can(viewer, "admin:users");
  const roles = options.roles.map((r) => ({ id: r.id, label: roleLabel(tr, r) }));
  const base = new URLSearchParams(Object.entries({ q: q.q, unit: q.unit, status: q.status }).filter((e): e is [string, string] => !!e[1]));
  const next = page.next ? `?${new URLSearchParams([...base, ["cursor", encodeCursor(page.next)]])}` : null;
  return (
    <ClientMessages namespaces={["admin"]}>
      <div className="space-y-4">
        <div className="max-w-3xl">
          <h1 className="text-2xl font-semibold">{t("users.title")}</h1>
          <p className="text-sm text-slate-500">{t("users.subtitle")}</p>
          {!canEdit && <p className="mt-2 text-sm text-amber-800">{t("readOnly")}</p>}
        </div>
        {canEdit && <NewUserForm units={options.units} roles={roles} />}
        <form method="get" className="card grid grid-cols-1 gap-3 p-4 sm:grid-cols-4" role="search" aria-label={t("users.filter")}>
          <div>
            <label htmlFor="uq" className="label">
              {t("users.search")}
            </label>
            <input id="uq" name="q" className="input" defaultValue={q.q ?? ""} maxLength={50} />
          </div>
          <div>
            <label htmlFor="uunit" className="label">
              {t("users.unit")}
            </label>
            <select id="uunit" name="unit" className="input" defaultValue={q.unit ?? ""}>
              <option value="">{t("users.allUnits")}</option>
              {options.units.map((u) => (
                <option key={u.id} value={u.id}>
                  {"\u3000".repeat(Math.min(u.depth, 6))}
                  {u.name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="ustatus" className="label">
              {t("users.status")}
            </label>
            <select id="ustatus" name="status" className="input" defaultValue={q.status ?? ""}>
              <option value="">{t("users.statuses.all")}</option>
              <option value="active">{t("users.statuses.active")}</option>
              <option value="inactive">{t("users.statuses.inactive")}</option>
              <option value="handover">{t("users.statuses.handover")}</option>
            </select>
          </div>
          <div className="flex items-end">
            <button type="submit" className="btn-secondary min-h-10 w-full sm:w-auto">
              {t("users.filter")}
            </button>
          </div>
        </form>
        {page.items.length === 0 ? (
          <p className="card p-6 text-center text-slate-500">{t("empty")}</p>
        ) : (
          <ul className="card divide-y divide-slate-100">
            {page.items.map((u) => (
              <li key={u.id}>
                <Link href={`/admin/users/${u.id}`} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-3 hover:bg-slate-50">
                  <span className="font-medium">{u.name}</span>
                  <span className="text-sm text-slate-500">{u.email}</span>
                  <span className="text-sm text-slate-600">
                    {u.orgUnitName} · {roleLabel(tr, { code: u.roleCode, name: u.roleName })}
                  </span>
                  <span className="ml-auto flex flex-wrap items-center gap-1 text-xs">
                    {u.active ? <span className="chip bg-green-100 text-green-800">{t("users.active")}</span> : <span className="chip bg-slate-200 text-slate-700">{t("users.inactive")}</span>}
                    {u.mustChangePassword && <span className="chip bg-amber-100 text-amber-800">{t("users.mustChange")}</span>}
                    {u.handoverPendingSince && <span className="chip bg-red-100 text-red-800">{t("users.handover")}</span>}
                    <span className="text-slate-500">
                      {t("users.lastLogin")}: {u.lastLoginAt ? format.dateTime(u.lastLoginAt, { dateStyle: "medium", timeStyle: "short" }) : t("users.never")}
                    </span>
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
        <nav aria-label={t("users.title")} className="flex items-center justify-between">
          {q.cursor ? (
            <Link href={`?${base}`} className="btn-secondary">
              {t("first")}
            </Link>
          ) : (
            <span />
          )}
          {next && (
            <Link href={next} className="btn-secondary" rel="next">
              {t("next")}
            </Link>
          )}
        </nav>
      </div>
    </ClientMessages>
  );
}
