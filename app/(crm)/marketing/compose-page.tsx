import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Composer, type AudienceFilters } from "@/components/marketing/composer";
import { getDb } from "@/db/client";
import { listTemplates } from "@/db/queries/marketing";
import { getValueGradeRules } from "@/db/queries/value-grades";
import { transportName } from "@/lib/marketing/transports";
import { requirePermission } from "@/lib/session";
import { CUSTOMER_STAGES } from "@/lib/stages";
import { firstValues, isUuid } from "@/lib/validation/common";
import { customerListQuerySchema } from "@/lib/validation/customer";

type SP = Record<string, string | string[] | undefined>;

/**
 * 短信/邮件个性群发: the audience comes from the customer list's own filter parameters (the list links here
 * with its query string) or from `ids` (customers picked by hand), and can be narrowed here.
 */
export async function ComposePage({ channel, searchParams, lessons }: { channel: "sms" | "email"; searchParams: Promise<SP>; lessons: React.ReactNode }) {
  const viewer = await requirePermission("marketing:send");
  const sp = await searchParams;
  const q = customerListQuerySchema.parse(firstValues(sp));
  const ids = (typeof sp.ids === "string" ? sp.ids.split(",") : []).filter(isUuid).slice(0, 500);
  const db = await getDb();
  const [t, tc, templates, grades] = await Promise.all([getTranslations("marketing"), getTranslations("customer.stages"), listTemplates(db, viewer, channel), getValueGradeRules(db)]);
  const filters: AudienceFilters = { q: q.q, stage: q.stage, grade: q.grade, kind: q.kind, source: q.source, industry: q.industry, region: q.region, city: q.city, circle: q.circle, owner: q.owner };
  const transport = transportName(channel);
  return (
      <div className="space-y-4">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div>
            <p className="text-sm">
              <Link href="/marketing" className="text-brand-700 hover:underline">
                {t("title")}
              </Link>
            </p>
            <h1 className="text-2xl font-semibold">{channel === "sms" ? t("newSms") : t("newEmail")}</h1>
            <p className={transport === "file" ? "text-sm text-amber-700" : "text-sm text-slate-500"}>{t(`transport.${channel}.${transport}`)}</p>
          </div>
          {lessons}
        </div>
        <Composer
          channel={channel}
          templates={templates.map((x) => ({ id: x.id, name: x.name, subject: x.subject, body: x.body, own: x.ownerId === viewer.id }))}
          filters={filters}
          ids={ids}
          stages={CUSTOMER_STAGES.map((s) => ({ id: s, label: tc(s) }))}
          grades={grades.grades.map((g) => ({ id: g.code, label: g.label }))}
          signName={process.env.SMS_SIGN_NAME || "知客"}
        />
      </div>
  );
}
