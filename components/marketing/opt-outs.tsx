import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { optOutsOf } from "@/db/queries/marketing";
import { OptOutToggle } from "./opt-out-toggle";

/** 退订 on the profile (the page gives its client part the "marketing.optOut" messages): which channels the customer opted out of; 回T退订 replies are recorded here by hand. */
export async function OptOuts({ customerId, canEdit }: { customerId: string; canEdit: boolean }) {
  const [t, rows] = await Promise.all([getTranslations("marketing"), optOutsOf(await getDb(), customerId)]);
  return (
    <section className="card p-4" aria-labelledby="optout-title">
      <h2 id="optout-title" className="mb-2 text-base font-semibold">
        {t("optOut.title")}
      </h2>
        <ul className="space-y-2 text-sm">
          {(["sms", "email"] as const).map((ch) => {
            const r = rows.find((x) => x.channel === ch);
            return (
              <li key={ch} className="flex items-center justify-between gap-2">
                <span>
                  {t(`channel.${ch}`)}: {r ? <strong className="text-red-700">{t(`optOut.source.${r.source as "manual" | "link" | "provider"}`)}</strong> : t("optOut.receiving")}
                </span>
                {canEdit && <OptOutToggle customerId={customerId} channel={ch} optedOut={!!r} />}
              </li>
            );
          })}
        </ul>
    </section>
  );
}
