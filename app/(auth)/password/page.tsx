import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { ClientMessages } from "@/components/intl/client-messages";
import { currentViewer } from "@/lib/session";
import { PasswordForm } from "./password-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin"))("password.title") };
}

/**
 * 修改密码: where a user with an initial (or reset) password is sent from every page until they choose their
 * own; anyone signed in may use it to change theirs.
 */
export default async function PasswordPage() {
  const viewer = await currentViewer();
  if (!viewer) redirect("/login");
  const t = await getTranslations();
  return (
    <ClientMessages namespaces={["admin"]}>
      <main className="flex min-h-dvh items-center justify-center bg-gradient-to-br from-brand-50 to-slate-100 px-4 py-10">
        <div className="w-full max-w-sm">
          <div className="mb-6 text-center">
            <div aria-hidden className="mx-auto mb-3 flex size-14 items-center justify-center rounded-2xl bg-brand-600 text-2xl font-bold text-white shadow">
              知
            </div>
            <h1 className="text-2xl font-semibold text-slate-900">{t("admin.password.title")}</h1>
            <p className="mt-1 text-sm text-slate-600">
              {viewer.name} · {viewer.email}
            </p>
          </div>
          <div className="card space-y-4 p-6">
            {viewer.mustChangePassword && <p className="rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">{t("admin.password.mustChange")}</p>}
            <PasswordForm />
          </div>
        </div>
      </main>
    </ClientMessages>
  );
}
