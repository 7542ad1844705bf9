import { getTranslations } from "next-intl/server";

type Row = { id: string; atLabel: string; reason: string; note: string | null; fromName: string | null; toName: string | null; byName: string | null };

/** 负责人变更记录 on the profile: who had it, who has it, when, by whom, why — and the 分配 form for managers. */
export async function OwnerHistory({ rows, assign }: { rows: Row[]; assign: React.ReactNode }) {
  const t = await getTranslations("team.history");
  if (!rows.length && !assign) return null;
  return (
    <section className="card p-4" aria-labelledby="owner-history-title">
      <h2 id="owner-history-title" className="mb-2 text-base font-semibold">
        {t("title")}
      </h2>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-500">{t("none")}</p>
      ) : (
        <ol className="space-y-2 text-sm">
          {rows.map((h) => (
            <li key={h.id}>
              <span className="text-slate-500">{h.atLabel}</span>{" "}
              {t("move", { from: h.fromName ?? t("pool"), to: h.toName ?? t("pool") })}
              <span className="text-slate-500">
                {" · "}
                {t(`reasons.${h.reason}`)}
                {" · "}
                {h.byName ? t("by", { name: h.byName }) : t("bySystem")}
              </span>
              {h.note && <p className="text-slate-600">{h.note}</p>}
            </li>
          ))}
        </ol>
      )}
      {assign && (
        <details className="mt-3">
          <summary className="cursor-pointer text-sm font-medium text-brand-700">{t("assign")}</summary>
          <div className="mt-2">{assign}</div>
        </details>
      )}
    </section>
  );
}
