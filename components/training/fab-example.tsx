import { useTranslations } from "next-intl";

/** One FAB chain: 属性 → 作用 → 益处. */
export function FabExample({ feature, advantage, benefit }: { feature: string; advantage: string; benefit: string }) {
  const t = useTranslations("training.fab");
  const items = [
    { k: "F", label: t("feature"), text: feature, cls: "border-sky-200 bg-sky-50" },
    { k: "A", label: t("advantage"), text: advantage, cls: "border-amber-200 bg-amber-50" },
    { k: "B", label: t("benefit"), text: benefit, cls: "border-emerald-200 bg-emerald-50" },
  ];
  return (
    <div className="not-prose my-4 grid gap-2 sm:grid-cols-3" role="group" aria-label={t("chain")}>
      {items.map((i, n) => (
        <div key={i.k} className={`relative rounded-lg border p-3 text-sm ${i.cls}`}>
          <p className="text-xs font-semibold text-slate-600">
            {i.k} · {i.label}
          </p>
          <p className="mt-1">{i.text}</p>
          {n < 2 && (
            <span aria-hidden className="absolute top-1/2 -right-2 hidden -translate-y-1/2 text-slate-500 sm:block">
              →
            </span>
          )}
        </div>
      ))}
    </div>
  );
}
