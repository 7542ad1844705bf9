import { getTranslations } from "next-intl/server";

export default async function Loading() {
  const t = await getTranslations("reminders");
  return (
    <div className="space-y-4" aria-busy="true">
      <p className="sr-only" role="status">
        {t("loading")}
      </p>
      <div className="h-8 w-40 animate-pulse rounded bg-slate-200" />
      {[0, 1, 2].map((i) => (
        <div key={i} className="card h-32 animate-pulse bg-slate-100" />
      ))}
    </div>
  );
}
