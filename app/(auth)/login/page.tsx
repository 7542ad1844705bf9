import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { ClientMessages } from "@/components/intl/client-messages";
import { appOrigin, safeCallbackPath } from "@/lib/redirect";
import { currentViewer } from "@/lib/session";
import { LoginForm } from "./login-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("login"))("title") };
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; changed?: string }> }) {
  if (await currentViewer()) redirect("/");
  const t = await getTranslations();
  const { callbackUrl, changed } = await searchParams;
  // only this app's own paths: never bounce a signed-in user to another host
  const next = safeCallbackPath(callbackUrl, appOrigin());
  return (
    <ClientMessages namespaces={["login"]}>
      <main className="flex min-h-dvh items-center justify-center bg-gradient-to-br from-brand-50 to-slate-100 px-4 py-10">
        <div className="w-full max-w-sm">
          <div className="mb-6 text-center">
            <div aria-hidden className="mx-auto mb-3 flex size-14 items-center justify-center rounded-2xl bg-brand-600 text-2xl font-bold text-white shadow">
              知
            </div>
            <h1 className="text-2xl font-semibold text-slate-900">{t("app.name")}</h1>
            <p className="mt-1 text-sm text-slate-600">{t("app.tagline")}</p>
          </div>
          <div className="card p-6">
            <h2 className="mb-4 text-lg font-medium">{t("login.title")}</h2>
            {changed === "1" && (
              <p role="status" className="mb-4 rounded-lg bg-green-50 px-3 py-2 text-sm text-green-800">
                {t("admin.password.done")}
              </p>
            )}
            <LoginForm next={next} />
          </div>
          <p className="mt-4 text-center text-xs text-slate-500">{t("login.demoHint")}</p>
        </div>
      </main>
    </ClientMessages>
  );
}
