import { Construction } from "lucide-react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { MODULES } from "@/lib/modules";
import { requireViewer } from "@/lib/session";
import { can } from "@/lib/viewer";

/** Modules of the product that are not built yet say so plainly; any other path is a 404. */
export default async function NotBuiltYet({ params }: { params: Promise<{ slug: string[] }> }) {
  const viewer = await requireViewer();
  const { slug } = await params;
  const m = MODULES.find((x) => x.href === "/" + slug[0]);
  if (!m || m.built || (m.permission && !can(viewer, m.permission))) notFound();
  const t = await getTranslations();
  return (
    <div className="card mx-auto mt-6 max-w-xl p-8 text-center">
      <Construction aria-hidden className="mx-auto mb-3 size-10 text-amber-500" />
      <h1 className="text-xl font-semibold">{t(`modules.${m.key}`)}</h1>
      <p className="mt-2 text-slate-600">{t("notBuilt.body")}</p>
      <p className="mt-1 text-sm text-slate-500">{t(`moduleInfo.${m.key}`)}</p>
      <div className="mt-6 flex flex-wrap justify-center gap-2">
        {m.lesson && (
          <Link href={`/training/${m.lesson}`} className="btn-secondary">
            {t("common.learn")}
          </Link>
        )}
        <Link href="/customers" className="btn-primary">
          {t("notBuilt.back")}
        </Link>
      </div>
    </div>
  );
}
