import { BookOpen, Construction } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import type { Locale } from "@/i18n/config";
import { MODULES, moduleFor } from "@/lib/modules";
import { requireViewer } from "@/lib/session";
import { listLessons } from "@/lib/training/lessons";
import { can } from "@/lib/viewer";

/**
 * Modules of the product that are not built yet say so plainly, with the lessons that teach them (the one
 * for the very path asked first); any other path is a 404.
 */
export async function generateMetadata({ params }: { params: Promise<{ slug: string[] }> }): Promise<Metadata> {
  const first = "/" + (await params).slug[0];
  const m = MODULES.find((x) => x.href === first);
  const t = await getTranslations();
  return { title: m && !m.built ? t(`modules.${m.key}`) : t("notFound.title") };
}

export default async function NotBuiltYet({ params }: { params: Promise<{ slug: string[] }> }) {
  const viewer = await requireViewer();
  const { slug } = await params;
  const m = MODULES.find((x) => x.href === "/" + slug[0]);
  if (!m || m.built || (m.permission && !can(viewer, m.permission))) notFound();
  const path = "/" + slug.join("/");
  const [t, all] = await Promise.all([getTranslations(), getLocale().then((l) => listLessons(l as Locale))]);
  const lessons = all.filter((l) => moduleFor(l.module)?.key === m.key).sort((a, b) => Number(b.module === path) - Number(a.module === path));
  return (
    <div className="card mx-auto mt-6 max-w-xl p-8 text-center">
      <Construction aria-hidden className="mx-auto mb-3 size-10 text-amber-500" />
      <h1 className="text-xl font-semibold">{t(`modules.${m.key}`)}</h1>
      <p className="mt-2 text-slate-600">{t("notBuilt.body")}</p>
      <p className="mt-1 text-sm text-slate-500">{t(`moduleInfo.${m.key}`)}</p>
      {lessons.length > 0 && (
        <section className="mt-6 text-left" aria-labelledby="not-built-lessons">
          <h2 id="not-built-lessons" className="text-sm font-medium text-slate-600">
            {t("notBuilt.lessons")}
          </h2>
          <ul className="mt-2 space-y-2">
            {lessons.map((l) => (
              <li key={l.slug}>
                <Link href={`/training/${l.slug}`} className="flex items-center gap-2 rounded-lg border border-slate-200 px-3 py-2 text-sm hover:border-brand-200 hover:bg-brand-50">
                  <BookOpen aria-hidden className="size-4 shrink-0 text-brand-600" />
                  <span className="font-medium">{l.title}</span>
                  <span className="ml-auto text-xs text-slate-500">{l.moduleLabel}</span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      <div className="mt-6 flex flex-wrap justify-center gap-2">
        <Link href="/customers" className="btn-primary">
          {t("notBuilt.back")}
        </Link>
      </div>
    </div>
  );
}
