"use client";

import { useTranslations } from "next-intl";
import { useActionState, useEffect } from "react";
import { FieldMessage } from "@/components/ui/field";
import type { ActionState } from "@/lib/action";
import { changePasswordAction } from "./actions";

/** The change-password form; once changed, every session has ended, so it signs out and goes to the sign-in page. */
export function PasswordForm() {
  const t = useTranslations("admin");
  const [state, action, pending] = useActionState<ActionState, FormData>(changePasswordAction, {});
  const err = state.fieldErrors ?? {};
  useEffect(() => {
    if (state.ok) void import("next-auth/react").then(({ signOut }) => signOut({ callbackUrl: "/login?changed=1" }));
  }, [state.ok]);
  if (state.ok)
    return (
      <p role="status" className="rounded-lg bg-green-50 px-3 py-2 text-sm text-green-800">
        {t("password.done")}
      </p>
    );
  const field = (name: "currentPassword" | "password" | "confirmPassword", label: string, autoComplete: string, hint?: string) => (
    <div>
      <label htmlFor={`pw-${name}`} className="label">
        {label}
      </label>
      <input
        id={`pw-${name}`}
        name={name}
        type="password"
        autoComplete={autoComplete}
        maxLength={72}
        required
        className="input"
        aria-invalid={err[name] ? true : undefined}
        aria-describedby={err[name] ? `pw-${name}-err` : hint ? `pw-${name}-hint` : undefined}
      />
      <FieldMessage id={`pw-${name}`} error={err[name]} hint={hint} />
    </div>
  );
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.error && (
        <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">
          {state.error}
        </p>
      )}
      {field("currentPassword", t("password.current"), "current-password")}
      {field("password", t("password.new"), "new-password", t("password.hint"))}
      {field("confirmPassword", t("password.confirm"), "new-password")}
      <button type="submit" className="btn-primary w-full" disabled={pending}>
        {t("password.submit")}
      </button>
      <button
        type="button"
        className="w-full text-center text-sm text-slate-500 underline"
        onClick={() => void import("next-auth/react").then(({ signOut }) => signOut({ callbackUrl: "/login" }))}
      >
        {t("password.signOut")}
      </button>
    </form>
  );
}
