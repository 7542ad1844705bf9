"use client";

import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { safeCallbackPath } from "@/lib/redirect";

export function LoginForm({ next }: { next: string }) {
  const t = useTranslations("login");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const fd = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    const res = await signIn("credentials", { email: String(fd.get("email") ?? ""), password: String(fd.get("password") ?? ""), redirect: false });
    if (res?.ok && !res.error) {
      window.location.assign(safeCallbackPath(next, window.location.origin));
      return;
    }
    setPending(false);
    setError(res?.error && res.error !== "CredentialsSignin" ? res.error : t("failed"));
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <div>
        <label htmlFor="email" className="label">
          {t("email")}
        </label>
        <input id="email" name="email" type="email" autoComplete="username" required className="input" aria-invalid={!!error || undefined} />
      </div>
      <div>
        <label htmlFor="password" className="label">
          {t("password")}
        </label>
        <input id="password" name="password" type="password" autoComplete="current-password" required className="input" aria-invalid={!!error || undefined} />
      </div>
      {error && (
        <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      )}
      <button type="submit" className="btn-primary w-full" disabled={pending}>
        {pending ? t("submitting") : t("submit")}
      </button>
    </form>
  );
}
