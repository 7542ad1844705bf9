import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ClientMessages } from "@/components/intl/client-messages";
import { PoolRuleForm } from "@/components/team/pool-rule-form";
import { getDb } from "@/db/client";
import { getPoolRules } from "@/db/queries/pool";
import { requirePermission } from "@/lib/session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("team"))("rules.title") };
}

/** 公海规则: per unit, the rules that move neglected customers into the unit's pool, and the daily claim limit. */
export default async function PoolRulesPage() {
  const viewer = await requirePermission("admin:org");
  const [t, units] = await Promise.all([getTranslations("team"), getPoolRules(await getDb(), viewer)]);
  // the rule a unit without its own inherits: the nearest ancestor's (units come in tree order)
  const inherited = (path: string) => units.filter((u) => u.hasRule && path.startsWith(u.path) && u.path !== path).sort((a, b) => b.path.length - a.path.length)[0]?.name ?? null;
  return (
    <ClientMessages namespaces={["team"]}>
      <div className="space-y-4">
        <div>
          <h1 className="text-2xl font-semibold">{t("rules.title")}</h1>
          <p className="text-sm text-slate-500">{t("rules.subtitle")}</p>
        </div>
        <ul className="space-y-3">
          {units.map((u) => (
            <li key={u.orgUnitId} className="card p-3" style={{ marginInlineStart: `${Math.min(u.depth, 4) * 0.75}rem` }}>
              <h2 className="mb-2 text-base font-semibold">{u.name}</h2>
              <PoolRuleForm rule={{ ...u, claimLimit: u.hasRule ? u.claimLimit : null }} inherited={u.hasRule ? null : inherited(u.path)} />
            </li>
          ))}
        </ul>
      </div>
    </ClientMessages>
  );
}
