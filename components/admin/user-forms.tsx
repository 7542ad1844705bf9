"use client";

import { KeyRound, Plus, UserCheck, UserX } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { createUserAction, resetPasswordAction, setUserActiveAction, updateUserAction } from "@/app/(crm)/admin/actions";
import { FieldMessage } from "@/components/ui/field";
import type { ActionState } from "@/lib/action";
import { toast } from "@/lib/toast";
import { FormError, str, useOnResult, useRun } from "./common";

export type UnitOption = { id: string; name: string; depth: number; active: boolean };
export type RoleOption = { id: string; label: string };

/** A readable initial password: 12 letters and digits from the browser's CSPRNG, never an ambiguous 0/O or 1/l. */
function generatePassword() {
  const letters = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
  const digits = "23456789";
  const all = letters + digits;
  const r = crypto.getRandomValues(new Uint32Array(12));
  const chars = Array.from(r, (n) => all[n % all.length]);
  chars[r[0] % 10] = digits[r[1] % digits.length];
  chars[10 + (r[2] % 2)] = letters[r[3] % letters.length];
  return chars.join("");
}

function Input({ uid, name, label, err, required, ...rest }: { uid: string; name: string; label: string; err: Record<string, string>; required?: boolean } & React.InputHTMLAttributes<HTMLInputElement>) {
  return (
    <div>
      <label htmlFor={`${uid}-${name}`} className="label">
        {label}
        {required && <span className="text-red-600"> *</span>}
      </label>
      <input id={`${uid}-${name}`} name={name} className="input" aria-invalid={err[name] ? true : undefined} aria-describedby={err[name] ? `${uid}-${name}-err` : undefined} {...rest} />
      <FieldMessage id={`${uid}-${name}`} error={err[name]} />
    </div>
  );
}

function Placement({ uid, values, err, units, roles }: { uid: string; values: Record<string, unknown>; err: Record<string, string>; units: UnitOption[]; roles: RoleOption[] }) {
  const t = useTranslations("admin");
  return (
    <>
      <div>
        <label htmlFor={`${uid}-orgUnitId`} className="label">
          {t("users.unit")}
          <span className="text-red-600"> *</span>
        </label>
        <select id={`${uid}-orgUnitId`} name="orgUnitId" className="input" defaultValue={str(values.orgUnitId)} aria-invalid={err.orgUnitId ? true : undefined} aria-describedby={err.orgUnitId ? `${uid}-orgUnitId-err` : undefined}>
          <option value="">-</option>
          {units.map((u) => (
            <option key={u.id} value={u.id} disabled={!u.active && u.id !== values.orgUnitId}>
              {"\u3000".repeat(Math.min(u.depth, 6))}
              {u.name}
              {!u.active ? ` (${t("org.disabled")})` : ""}
            </option>
          ))}
        </select>
        <FieldMessage id={`${uid}-orgUnitId`} error={err.orgUnitId} />
      </div>
      <div>
        <label htmlFor={`${uid}-roleId`} className="label">
          {t("users.role")}
          <span className="text-red-600"> *</span>
        </label>
        <select id={`${uid}-roleId`} name="roleId" className="input" defaultValue={str(values.roleId)} aria-invalid={err.roleId ? true : undefined} aria-describedby={err.roleId ? `${uid}-roleId-err` : undefined}>
          <option value="">-</option>
          {roles.map((r) => (
            <option key={r.id} value={r.id}>
              {r.label}
            </option>
          ))}
        </select>
        <FieldMessage id={`${uid}-roleId`} error={err.roleId} />
      </div>
    </>
  );
}

export function NewUserForm({ units, roles }: { units: UnitOption[]; roles: RoleOption[] }) {
  const t = useTranslations("admin");
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState("");
  // the initial password is shown once more after creating, from the form (the server never echoes it)
  const [state, action, pending] = useActionState(async (prev: ActionState<{ password?: string }>, fd: FormData): Promise<ActionState<{ password?: string }>> => {
    const r = await createUserAction(prev, fd);
    return r.ok ? { ...r, data: { password: String(fd.get("password") ?? "") } } : { ...r, data: undefined };
  }, {});
  const values = (!state.ok && state.values) || {};
  const err = state.fieldErrors ?? {};
  useOnResult(state, (s) => {
    if (s.ok) {
      toast.success(t("users.created", { password: s.data?.password ?? "" }));
      setPassword("");
      setOpen(false);
    } else toast.error(s.error ?? t("failed"));
  });
  if (!open)
    return (
      <div className="space-y-2">
        <button type="button" className="btn-primary min-h-11" onClick={() => setOpen(true)}>
          <Plus aria-hidden className="size-4" />
          {t("users.new")}
        </button>
        {state.ok && state.data?.password && (
          <p role="status" className="rounded-lg border border-green-200 bg-green-50 p-2 text-sm text-green-900">
            {t("users.created", { password: state.data.password })}
          </p>
        )}
      </div>
    );
  return (
    <form action={action} key={state.at ?? 0} className="card grid grid-cols-1 gap-3 p-4 sm:grid-cols-2 lg:grid-cols-3" noValidate aria-label={t("users.new")}>
      <h2 className="text-lg font-semibold sm:col-span-2 lg:col-span-3">{t("users.new")}</h2>
      <div className="sm:col-span-2 lg:col-span-3">
        <FormError state={state} />
      </div>
      <Input uid="nu" name="name" label={t("users.name")} err={err} required maxLength={30} defaultValue={str(values.name)} />
      <Input uid="nu" name="email" label={t("users.email")} err={err} required type="email" maxLength={100} autoComplete="off" defaultValue={str(values.email)} />
      <Input uid="nu" name="mobile" label={t("users.mobile")} err={err} inputMode="tel" maxLength={20} defaultValue={str(values.mobile)} />
      <Placement uid="nu" values={values} err={err} units={units.filter((u) => u.active)} roles={roles} />
      <div>
        <label htmlFor="nu-password" className="label">
          {t("users.password")}
          <span className="text-red-600"> *</span>
        </label>
        <div className="flex gap-2">
          <input
            id="nu-password"
            name="password"
            className="input font-mono"
            autoComplete="new-password"
            maxLength={72}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={err.password ? true : undefined}
            aria-describedby={err.password ? "nu-password-err" : "nu-password-hint"}
          />
          <button type="button" className="btn-secondary shrink-0" onClick={() => setPassword(generatePassword())}>
            {t("users.generate")}
          </button>
        </div>
        <FieldMessage id="nu-password" error={err.password} hint={t("users.passwordHint")} />
      </div>
      <div className="flex gap-2 sm:col-span-2 lg:col-span-3">
        <button type="submit" className="btn-primary min-h-11" disabled={pending}>
          {t("users.create")}
        </button>
        <button type="button" className="btn-secondary min-h-11" onClick={() => setOpen(false)}>
          {t("cancel")}
        </button>
      </div>
    </form>
  );
}

export type EditableUser = { id: string; version: number; name: string; mobile: string | null; orgUnitId: string; roleId: string; active: boolean };

export function EditUserForm({ user, units, roles, canEdit }: { user: EditableUser; units: UnitOption[]; roles: RoleOption[]; canEdit: boolean }) {
  const t = useTranslations("admin");
  const router = useRouter();
  const [state, action, pending] = useActionState(updateUserAction, {});
  const values = (!state.ok && state.values) || user;
  const err = state.fieldErrors ?? {};
  useOnResult(state, (s) => {
    if (s.ok) {
      toast.success(t("saved"));
      router.refresh();
    } else toast.error(s.error ?? t("failed"));
  });
  return (
    <form action={action} key={`${state.at ?? 0}-${user.version}`} className="card grid grid-cols-1 gap-3 p-4 sm:grid-cols-2" noValidate aria-label={t("users.profile")}>
      <h2 className="text-lg font-semibold sm:col-span-2">{t("users.profile")}</h2>
      <div className="sm:col-span-2">
        <FormError state={state} />
      </div>
      <input type="hidden" name="id" value={user.id} />
      <input type="hidden" name="version" value={user.version} />
      <fieldset disabled={!canEdit} className="contents">
        <Input uid="eu" name="name" label={t("users.name")} err={err} required maxLength={30} defaultValue={str(values.name)} />
        <Input uid="eu" name="mobile" label={t("users.mobile")} err={err} inputMode="tel" maxLength={20} defaultValue={str(values.mobile)} />
        <Placement uid="eu" values={values} err={err} units={units} roles={roles} />
      </fieldset>
      {canEdit && (
        <div className="sm:col-span-2">
          <button type="submit" className="btn-primary min-h-11" disabled={pending}>
            {t("save")}
          </button>
        </div>
      )}
    </form>
  );
}

export function ResetPasswordForm({ userId }: { userId: string }) {
  const t = useTranslations("admin");
  const [password, setPassword] = useState("");
  const [state, action, pending] = useActionState(resetPasswordAction, {});
  const err = state.fieldErrors ?? {};
  useOnResult(state, (s) => {
    if (s.ok) toast.success(t("users.resetDone"));
    else toast.error(s.error ?? t("failed"));
  });
  return (
    <form action={action} className="card space-y-3 p-4" noValidate aria-label={t("users.reset")}>
      <h2 className="text-lg font-semibold">{t("users.reset")}</h2>
      <p className="text-sm text-slate-500">{t("users.resetHint")}</p>
      <FormError state={state} />
      <input type="hidden" name="id" value={userId} />
      <div>
        <label htmlFor="rp-password" className="label">
          {t("users.newPassword")}
        </label>
        <div className="flex gap-2">
          <input
            id="rp-password"
            name="password"
            className="input font-mono"
            autoComplete="new-password"
            maxLength={72}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={err.password ? true : undefined}
            aria-describedby={err.password ? "rp-password-err" : "rp-password-hint"}
          />
          <button type="button" className="btn-secondary shrink-0" onClick={() => setPassword(generatePassword())}>
            {t("users.generate")}
          </button>
        </div>
        <FieldMessage id="rp-password" error={err.password} hint={t("users.passwordHint")} />
      </div>
      <button type="submit" className="btn-secondary min-h-11" disabled={pending}>
        <KeyRound aria-hidden className="size-4" />
        {t("users.reset")}
      </button>
    </form>
  );
}

export function UserActiveButton({ id, name, active }: { id: string; name: string; active: boolean }) {
  const t = useTranslations("admin");
  const router = useRouter();
  const [pending, run] = useRun();
  return active ? (
    <button
      type="button"
      className="btn-danger min-h-11"
      disabled={pending}
      onClick={() => window.confirm(t("users.confirmDeactivate", { name })) && run(() => setUserActiveAction(id, false), t("users.deactivated"), () => router.refresh())}
    >
      <UserX aria-hidden className="size-4" />
      {t("users.deactivate")}
    </button>
  ) : (
    <button type="button" className="btn-secondary min-h-11" disabled={pending} onClick={() => run(() => setUserActiveAction(id, true), t("users.reactivated"), () => router.refresh())}>
      <UserCheck aria-hidden className="size-4" />
      {t("users.reactivate")}
    </button>
  );
}
