"use client";

import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { NODE_KIND, type NetworkData } from "@/lib/network/format";
import { CUSTOMER_STAGES } from "@/lib/stages";
import { punct } from "@/lib/punct";
import type { Graph } from "./graph";
import { TABLE_CLASS } from "./table-class";

type Key = "name" | "introducedBy" | "introduced" | "degree" | "revenue" | "stage";
const PAGE = 100;

/**
 * The network map as a table (the accessible alternative): every customer on the map with who introduced
 * them, how many they introduced, their connections (degree), revenue and stage; sortable by any column.
 */
export function NetworkTable({ data, graph }: { data: NetworkData; graph: Graph }) {
  const t = useTranslations("network");
  const ts = useTranslations("customer.stages");
  const locale = useLocale();
  const p = punct(locale);
  const [sort, setSort] = useState<{ key: Key; dir: 1 | -1 }>({ key: "degree", dir: -1 });
  const [shown, setShown] = useState(PAGE);
  const nf = useMemo(() => new Intl.NumberFormat(locale === "en" ? "en" : "zh-CN", { maximumFractionDigits: 0 }), [locale]);
  const nameOf = (i: number) => (data.k[i] === NODE_KIND.external ? t("kinds.external") : data.nm[i]);
  const rows = useMemo(() => {
    const idx: number[] = [];
    for (let i = 0; i < graph.n; i++) if (data.k[i] <= 1) idx.push(i);
    const coll = new Intl.Collator(locale === "en" ? "en" : "zh-CN-u-co-pinyin");
    const by: Record<Key, (a: number, b: number) => number> = {
      name: (a, b) => coll.compare(data.nm[a], data.nm[b]),
      introducedBy: (a, b) => coll.compare(graph.introducers[a].map(nameOf).join(), graph.introducers[b].map(nameOf).join()),
      introduced: (a, b) => graph.introducedCount[a] - graph.introducedCount[b],
      degree: (a, b) => graph.degree[a] - graph.degree[b],
      revenue: (a, b) => data.rv[a] - data.rv[b],
      stage: (a, b) => data.st[a] - data.st[b],
    };
    return idx.sort((a, b) => sort.dir * by[sort.key](a, b) || data.rv[b] - data.rv[a]);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data, graph, sort, locale]);

  const head = (key: Key, label: string, numeric = false) => (
    <th scope="col" aria-sort={sort.key === key ? (sort.dir === 1 ? "ascending" : "descending") : "none"} className={numeric ? "text-right" : ""}>
      <button
        type="button"
        className="inline-flex items-center gap-1 font-medium hover:underline"
        onClick={() => setSort((s) => ({ key, dir: s.key === key ? ((-s.dir) as 1 | -1) : numeric ? -1 : 1 }))}
      >
        {label}
        <span aria-hidden className="text-slate-400">{sort.key === key ? (sort.dir === 1 ? "↑" : "↓") : "↕"}</span>
      </button>
    </th>
  );

  return (
    <div className="card overflow-x-auto">
      <table className={TABLE_CLASS} data-testid="network-table">
        <caption className="sr-only">{t("tableCaption")}</caption>
        <thead>
          <tr>
            {head("name", t("table.name"))}
            {head("introducedBy", t("table.introducedBy"))}
            {head("introduced", t("table.introduced"), true)}
            {head("degree", t("table.degree"), true)}
            {head("revenue", t("table.revenue"), true)}
            {head("stage", t("table.stage"))}
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, shown).map((i) => (
            <tr key={data.id[i]}>
              <td>
                <Link className="text-brand-700 hover:underline" href={`/customers/${data.id[i]}`}>
                  {data.nm[i]}
                </Link>
                {data.k[i] === NODE_KIND.company && <span className="ml-1 text-xs text-slate-500">{t("kinds.company")}</span>}
              </td>
              <td>{graph.introducers[i].length ? p.list(graph.introducers[i].map(nameOf)) : "—"}</td>
              <td className="text-right tabular-nums">{graph.introducedCount[i]}</td>
              <td className="text-right tabular-nums">{graph.degree[i]}</td>
              <td className="text-right tabular-nums">¥{nf.format(data.rv[i])}</td>
              <td>{ts(CUSTOMER_STAGES[data.st[i]])}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > shown && (
        <div className="p-3 text-center">
          <button type="button" className="btn-secondary" onClick={() => setShown((s) => s + PAGE)}>
            {t("more", { shown, total: rows.length })}
          </button>
        </div>
      )}
    </div>
  );
}
