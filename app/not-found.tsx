import Link from "next/link";
import { getTranslations } from "next-intl/server";

export default async function NotFound() {
  const t = await getTranslations("notFound");
  return (
    <main className="flex min-h-[60dvh] flex-col items-center justify-center px-4 text-center">
      <p className="text-5xl font-bold text-brand-600">404</p>
      <h1 className="mt-3 text-xl font-semibold">{t("title")}</h1>
      <p className="mt-1 text-slate-600">{t("body")}</p>
      <Link href="/" className="btn-primary mt-6">
        {t("home")}
      </Link>
    </main>
  );
}
