"use client";

import { Copy, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { copyRoleAction, deleteRoleAction, updateRoleAction } from "@/app/(crm)/admin/actions";
import { FieldMessage } from "@/components/ui/field";
import { DATA_SCOPES, PERMISSIONS, type Permission } from "@/lib/permissions";
import { toast } from "@/lib/toast";
import { FormError, str, useOnResult, useRun } from "./common";

/** The permission matrix: one row per module, one column per operation (the part after the colon). */
export const PERMISSION_MODULES = [...new Set(PERMISSIONS.map((p) => p.split(":")[0]))];
export const PERMISSION_OPS = [...new Set(PERMISSIONS.map((p) => p.split(":")[1]))];

export function CopyRoleForm({ fromId, defaultName }: { fromId: string; defaultName: string }) {
  const t = useTranslations("admin");
  const router = useRouter();
  const [state, action, pending] = useActionState(copyRoleAction, {});
  const err = state.fieldErrors ?? {};
  useOnResult(state, (s) => {
    if (s.ok) {
      toast.success(t("roles.copied"));
      router.push(`/admin/roles/${(s.data as { id: string }).id}`);
    } else toast.error(s.error ?? t("failed"));
  });
  const uid = `cp-${fromId}`;
  return (
    <form action={action} className="flex flex-wrap items-end gap-2" noValidate aria-label={t("roles.copy")}>
      <input type="hidden" name="fromId" value={fromId} />
      <div>
        <label htmlFor={`${uid}-name`} className="label">
          {t("roles.copyName")}
        </label>
        <input id={`${uid}-name`} name="name" className="input" maxLength={30} defaultValue={str((!state.ok && state.values?.name) || defaultName)} aria-invalid={err.name ? true : undefined} aria-describedby={err.name ? `${uid}-name-err` : undefined} />
        <FieldMessage id={`${uid}-name`} error={err.name} />
      </div>
      <button type="submit" className="btn-secondary min-h-10" disabled={pending}>
        <Copy aria-hidden className="size-4" />
        {t("roles.copy")}
      </button>
    </form>
  );
}

export type RoleView = { id: string; name: string; label: string; dataScope: string; permissions: string[]; builtIn: boolean; version: number; users: number };

export function RoleForm({ role, canEdit }: { role: RoleView; canEdit: boolean }) {
  const t = useTranslations("admin");
  const router = useRouter();
  const [state, action, pending] = useActionState(updateRoleAction, {});
  const editable = canEdit && !role.builtIn;
  const failed = !state.ok && state.values;
  const values = failed || { name: role.name, dataScope: role.dataScope };
  const checked = new Set<string>(failed ? ((state.values?.permissions as unknown as string[] | undefined) ?? []) : role.permissions);
  const err = state.fieldErrors ?? {};
  useOnResult(state, (s) => {
    if (s.ok) {
      toast.success(t("saved"));
      router.refresh();
    } else toast.error(s.error ?? t("failed"));
  });
  return (
    <form action={action} key={`${state.at ?? 0}-${role.version}`} className="space-y-4" noValidate aria-label={role.label}>
      <FormError state={state} />
      <input type="hidden" name="id" value={role.id} />
      <input type="hidden" name="version" value={role.version} />
      <fieldset disabled={!editable} className="space-y-4">
        <div className="card max-w-md p-4">
          <label htmlFor="role-name" className="label">
            {t("roles.name")}
          </label>
          <input id="role-name" name="name" className="input" maxLength={30} defaultValue={str(values.name)} aria-invalid={err.name ? true : undefined} aria-describedby={err.name ? "role-name-err" : undefined} />
          <FieldMessage id="role-name" error={err.name} />
        </div>
        <fieldset className="card p-4">
          <legend className="px-1 text-base font-semibold">{t("roles.dataScope")}</legend>
          <div className="mt-2 flex flex-wrap gap-x-6 gap-y-2">
            {DATA_SCOPES.map((s) => (
              <label key={s} className="flex min-h-10 items-center gap-2 text-sm">
                <input type="radio" name="dataScope" value={s} defaultChecked={values.dataScope === s} className="size-4" />
                {t(`roles.scopes.${s}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset className="card overflow-x-auto p-4">
          <legend className="px-1 text-base font-semibold">{t("roles.permissions")}</legend>
          <table className="mt-2 w-full min-w-[40rem] text-sm">
            <thead>
              <tr className="text-left text-slate-500">
                <th scope="col" className="py-1 pr-3 font-medium">
                  {t("roles.module")}
                </th>
                <th scope="col" className="py-1 font-medium">
                  {t("roles.permissions")}
                </th>
              </tr>
            </thead>
            <tbody>
              {PERMISSION_MODULES.map((m) => (
                <tr key={m} className="border-t border-slate-100 align-top">
                  <th scope="row" className="py-2 pr-3 text-left font-medium whitespace-nowrap">
                    {t(`roles.modules.${m}`)}
                  </th>
                  <td className="py-1">
                    <div className="flex flex-wrap gap-x-4">
                      {PERMISSIONS.filter((p) => p.startsWith(`${m}:`)).map((p: Permission) => (
                        <label key={p} className="flex min-h-10 items-center gap-2">
                          <input type="checkbox" name="permissions[]" value={p} defaultChecked={checked.has(p)} className="size-4" />
                          {t(`roles.ops.${p.split(":")[1]}`)}
                        </label>
                      ))}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </fieldset>
      </fieldset>
      {editable && (
        <button type="submit" className="btn-primary min-h-11" disabled={pending}>
          {t("save")}
        </button>
      )}
    </form>
  );
}

export function DeleteRoleButton({ id, name }: { id: string; name: string }) {
  const t = useTranslations("admin");
  const router = useRouter();
  const [pending, run] = useRun();
  return (
    <button
      type="button"
      className="btn-danger min-h-11"
      disabled={pending}
      onClick={() => window.confirm(t("roles.confirmDelete", { name })) && run(() => deleteRoleAction(id), t("roles.deleted"), () => router.push("/admin/roles"))}
    >
      <Trash2 aria-hidden className="size-4" />
      {t("roles.delete")}
    </button>
  );
}
