"use client";

import clsx from "clsx";
import { Pencil, Plus, Trash, X } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState, useTransition } from "react";
import { deleteAnalysisAction, saveAnalysisAction } from "@/app/(crm)/products/actions";
import { AdvantageChart } from "@/components/charts/advantage-chart";
import { FieldMessage } from "@/components/ui/field";
import { SCORE_MAX, SCORE_MIN, WEIGHT_MAX, WEIGHT_MIN, sameName, summarizeAnalysis, verdict } from "@/lib/products";
import { toast } from "@/lib/toast";
import { punct } from "@/lib/punct";

export type WorkspaceRow = { id: string; version: number; dimension: string; weight: number; ownScore: number; competitorScore: number; note: string | null; authorName: string | null };
export type WorkspaceAnalysis = { competitor: string; rows: WorkspaceRow[]; canEdit: boolean };

type Draft = { key: string; id: string | null; dimension: string; weight: string; ownScore: string; competitorScore: string; note: string };

const VERDICT_CLS = { strength: "bg-emerald-50 text-emerald-800", weakness: "bg-red-50 text-red-800", par: "bg-slate-100 text-slate-700" } as const;

let keySeq = 0;
const newKey = () => `r${++keySeq}`;

/** The grid editor of one competitor analysis: dimensions × (weight, our score, their score, evidence). */
function AnalysisEditor({
  productId,
  analysis,
  dimensionSuggestions,
  onSaved,
  onCancel,
}: {
  productId: string;
  analysis: WorkspaceAnalysis | null;
  dimensionSuggestions: string[];
  onSaved: (competitor: string) => void;
  onCancel: () => void;
}) {
  const t = useTranslations("product.advantage");
  const locale = useLocale();
  const uid = useId();
  const [competitor, setCompetitor] = useState(analysis?.competitor ?? "");
  const [rows, setRows] = useState<Draft[]>(() =>
    analysis
      ? analysis.rows.map((r) => ({ key: newKey(), id: r.id, dimension: r.dimension, weight: String(r.weight), ownScore: String(r.ownScore), competitorScore: String(r.competitorScore), note: r.note ?? "" }))
      : (dimensionSuggestions.length ? dimensionSuggestions.slice(0, 5) : ["", "", ""]).map((d) => ({ key: newKey(), id: null, dimension: d, weight: "2", ownScore: "", competitorScore: "", note: "" })),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const firstRef = useRef<HTMLInputElement>(null);
  const alertRef = useRef<HTMLParagraphElement>(null);
  const lastDimRef = useRef<HTMLInputElement>(null);
  const [focusLast, setFocusLast] = useState(false);

  useEffect(() => firstRef.current?.focus(), []);
  useEffect(() => {
    if (focusLast) {
      lastDimRef.current?.focus();
      setFocusLast(false);
    }
  }, [focusLast]);

  const set = (key: string, field: keyof Draft, value: string) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, [field]: value } : r)));

  function save(e: React.FormEvent) {
    e.preventDefault();
    const input = {
      productId,
      competitor,
      originalCompetitor: analysis?.competitor ?? null,
      base: analysis?.rows.map((r) => ({ id: r.id, version: r.version })) ?? [],
      rows: rows.map((r) => ({ id: r.id, dimension: r.dimension, weight: r.weight, ownScore: r.ownScore, competitorScore: r.competitorScore, note: r.note })),
    };
    start(async () => {
      const r = await saveAnalysisAction(input);
      if (r.ok) {
        toast.success(t("saved"));
        onSaved(competitor.trim());
        return;
      }
      setErrors(r.fieldErrors ?? {});
      setFormError(r.error ?? null);
      toast.error(r.error ?? "");
      requestAnimationFrame(() => alertRef.current?.focus());
    });
  }

  const id = (s: string) => `${uid}-${s}`;
  const num = (r: Draft, i: number, field: "weight" | "ownScore" | "competitorScore", min: number, max: number) => {
    const key = `rows.${i}.${field}`;
    return (
      <div>
        <label htmlFor={id(`${r.key}-${field}`)} className="text-xs text-slate-600 sm:sr-only">
          {t(field)}
        </label>
        <input
          id={id(`${r.key}-${field}`)}
          type="number"
          inputMode="numeric"
          min={min}
          max={max}
          step={1}
          value={r[field]}
          onChange={(e) => set(r.key, field, e.target.value)}
          aria-label={`${t("rowLabel", { n: i + 1 })}${punct(locale).colon}${t(field)}`}
          aria-invalid={errors[key] ? true : undefined}
          aria-describedby={errors[key] ? `${id(`${r.key}-${field}`)}-err` : undefined}
          className="input px-2 text-center tabular-nums"
        />
        <FieldMessage id={id(`${r.key}-${field}`)} error={errors[key]} />
      </div>
    );
  };

  return (
    <form onSubmit={save} noValidate className="space-y-3 rounded-xl border border-brand-200 bg-brand-50/40 p-3" aria-label={analysis ? t("editTitle", { competitor: analysis.competitor }) : t("addTitle")}>
      <h3 className="font-semibold">{analysis ? t("editTitle", { competitor: analysis.competitor }) : t("addTitle")}</h3>
      {formError && (
        <p ref={alertRef} tabIndex={-1} role="alert" className="rounded-lg border border-red-200 bg-red-50 p-2 text-sm text-red-800">
          {formError}
          {errors.rows && `${punct(locale).colon}${errors.rows}`}
        </p>
      )}
      <div>
        <label htmlFor={id("competitor")} className="label">
          {t("competitor")}
          <span className="text-red-600"> *</span>
        </label>
        <input
          ref={firstRef}
          id={id("competitor")}
          className="input"
          maxLength={50}
          value={competitor}
          placeholder={t("competitorPlaceholder")}
          onChange={(e) => setCompetitor(e.target.value)}
          aria-invalid={errors.competitor ? true : undefined}
          aria-describedby={errors.competitor ? `${id("competitor")}-err` : undefined}
        />
        <FieldMessage id={id("competitor")} error={errors.competitor} />
      </div>
      <p className="text-xs text-slate-600">{t("scoreHint")}</p>
      <div className="space-y-2">
        <div aria-hidden className="hidden gap-2 px-1 text-xs font-medium text-slate-600 sm:grid sm:grid-cols-[minmax(0,2fr)_4.5rem_4.5rem_4.5rem_minmax(0,3fr)_2.75rem]">
          <span>{t("dimension")}</span>
          <span>{t("weight")}</span>
          <span>{t("ownScore")}</span>
          <span>{t("competitorScore")}</span>
          <span>{t("note")}</span>
          <span />
        </div>
        {rows.map((r, i) => {
          const dimKey = `rows.${i}.dimension`;
          return (
            <div
              key={r.key}
              data-row={i + 1}
              className="grid grid-cols-3 gap-2 rounded-lg border border-slate-200 bg-white p-2 sm:grid-cols-[minmax(0,2fr)_4.5rem_4.5rem_4.5rem_minmax(0,3fr)_2.75rem] sm:border-0 sm:bg-transparent sm:p-0"
            >
              <div className="col-span-3 sm:col-span-1">
                <label htmlFor={id(`${r.key}-dim`)} className="text-xs text-slate-600 sm:sr-only">
                  {t("rowLabel", { n: i + 1 })}{punct(locale).colon}{t("dimension")}
                </label>
                <input
                  id={id(`${r.key}-dim`)}
                  ref={i === rows.length - 1 ? lastDimRef : undefined}
                  className="input"
                  maxLength={30}
                  value={r.dimension}
                  list={id("dims")}
                  placeholder={t("dimensionPlaceholder")}
                  onChange={(e) => set(r.key, "dimension", e.target.value)}
                  aria-invalid={errors[dimKey] ? true : undefined}
                  aria-describedby={errors[dimKey] ? `${id(`${r.key}-dim`)}-err` : undefined}
                />
                <FieldMessage id={id(`${r.key}-dim`)} error={errors[dimKey]} />
              </div>
              {num(r, i, "weight", WEIGHT_MIN, WEIGHT_MAX)}
              {num(r, i, "ownScore", SCORE_MIN, SCORE_MAX)}
              {num(r, i, "competitorScore", SCORE_MIN, SCORE_MAX)}
              <div className="col-span-3 sm:col-span-1">
                <label htmlFor={id(`${r.key}-note`)} className="text-xs text-slate-600 sm:sr-only">
                  {t("rowLabel", { n: i + 1 })}{punct(locale).colon}{t("note")}
                </label>
                <input
                  id={id(`${r.key}-note`)}
                  className="input"
                  maxLength={300}
                  value={r.note}
                  placeholder={t("notePlaceholder")}
                  onChange={(e) => set(r.key, "note", e.target.value)}
                  aria-invalid={errors[`rows.${i}.note`] ? true : undefined}
                />
                <FieldMessage id={id(`${r.key}-note`)} error={errors[`rows.${i}.note`]} />
              </div>
              <div className="col-span-3 flex justify-end sm:col-span-1">
                <button
                  type="button"
                  className="btn-secondary min-h-10 px-2.5"
                  aria-label={t("removeRow", { n: i + 1 })}
                  disabled={rows.length <= 1}
                  onClick={() => {
                    setRows((rs) => rs.filter((x) => x.key !== r.key));
                    setErrors({});
                  }}
                >
                  <X aria-hidden className="size-4" />
                </button>
              </div>
            </div>
          );
        })}
        <datalist id={id("dims")}>
          {dimensionSuggestions.map((d) => (
            <option key={d} value={d} />
          ))}
        </datalist>
      </div>
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          className="btn-secondary"
          disabled={rows.length >= 20}
          onClick={() => {
            setRows((rs) => [...rs, { key: newKey(), id: null, dimension: "", weight: "2", ownScore: "", competitorScore: "", note: "" }]);
            setFocusLast(true);
          }}
        >
          <Plus aria-hidden className="size-4" />
          {t("addRow")}
        </button>
        <span className="flex-1" />
        <button type="button" className="btn-secondary min-h-11" onClick={onCancel}>
          {t("cancel")}
        </button>
        <button type="submit" className="btn-primary min-h-11" disabled={pending}>
          {pending ? t("saving") : t("save")}
        </button>
      </div>
    </form>
  );
}

/**
 * 产品优势分析 of one product: a tab per competitor, the chart with its table, what it says (key selling
 * points to write up as FAB chains, weaknesses to prepare for) and, for those allowed, the grid editor.
 */
export function AdvantageWorkspace({
  productId,
  analyses,
  initial,
  canWrite,
}: {
  productId: string;
  analyses: WorkspaceAnalysis[];
  initial?: string;
  canWrite: boolean;
}) {
  const t = useTranslations("product.advantage");
  const locale = useLocale();
  const router = useRouter();
  const [selected, setSelected] = useState<string | null>(() => analyses.find((a) => sameName(a.competitor, initial ?? ""))?.competitor ?? analyses[0]?.competitor ?? null);
  const [mode, setMode] = useState<"view" | "edit" | "new">("view");
  const [pending, start] = useTransition();
  const current = analyses.find((a) => a.competitor === selected) ?? analyses[0] ?? null;
  const dims = [...new Set(analyses.flatMap((a) => a.rows.map((r) => r.dimension)))];

  function choose(competitor: string) {
    setSelected(competitor);
    setMode("view");
    const url = new URL(window.location.href);
    url.searchParams.set("vs", competitor);
    window.history.replaceState(null, "", url);
  }

  function remove(a: WorkspaceAnalysis) {
    if (!window.confirm(t("deleteConfirm", { competitor: a.competitor }))) return;
    start(async () => {
      const r = await deleteAnalysisAction({ productId, competitor: a.competitor, base: a.rows.map((x) => ({ id: x.id, version: x.version })) });
      if (!r.ok) {
        toast.error(r.error ?? "");
        return;
      }
      toast.success(t("deleted"));
      setSelected(analyses.find((x) => x.competitor !== a.competitor)?.competitor ?? null);
      router.refresh();
    });
  }

  const summary = current ? summarizeAnalysis(current.rows) : null;
  const authors = current ? [...new Set(current.rows.map((r) => r.authorName).filter((n): n is string => !!n))] : [];

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        {analyses.length > 0 ? (
          <div role="group" aria-label={t("tabs")} className="flex flex-wrap gap-1.5">
            {analyses.map((a) => (
              <button
                key={a.competitor}
                type="button"
                aria-pressed={current?.competitor === a.competitor && mode !== "new"}
                onClick={() => choose(a.competitor)}
                className={clsx("chip min-h-9 px-3 text-sm", current?.competitor === a.competitor && mode !== "new" ? "bg-brand-600 text-white" : "bg-slate-100 text-slate-700 hover:bg-slate-200")}
              >
                {a.competitor}
              </button>
            ))}
          </div>
        ) : (
          <span />
        )}
        {canWrite && mode !== "new" && (
          <button type="button" className="btn-primary" onClick={() => setMode("new")}>
            <Plus aria-hidden className="size-4" />
            {t("add")}
          </button>
        )}
      </div>

      {mode === "new" && (
        <AnalysisEditor
          productId={productId}
          analysis={null}
          dimensionSuggestions={dims}
          onCancel={() => setMode("view")}
          onSaved={(c) => {
            setMode("view");
            setSelected(c);
            router.refresh();
          }}
        />
      )}

      {!current && mode !== "new" && <p className="card p-8 text-center text-slate-600">{t("empty")}</p>}

      {current && mode === "edit" && (
        <AnalysisEditor
          key={current.competitor}
          productId={productId}
          analysis={current}
          dimensionSuggestions={dims}
          onCancel={() => setMode("view")}
          onSaved={(c) => {
            setMode("view");
            setSelected(c);
            router.refresh();
          }}
        />
      )}

      {current && summary && mode !== "edit" && (
        <section aria-labelledby="analysis-h" className="card space-y-4 p-4">
          <div className="flex flex-wrap items-start justify-between gap-3">
            <div>
              <h2 id="analysis-h" className="text-lg font-semibold">
                {t("chartTitle", { competitor: current.competitor })}
              </h2>
              {authors.length > 0 && <p className="text-xs text-slate-500">{t("lastBy", { names: punct(locale).list(authors) })}</p>}
            </div>
            <dl className="flex gap-4 text-center">
              <div>
                <dt className="text-xs text-slate-500">{t("weighted")} · {t("weightedOwn")}</dt>
                <dd className="text-2xl font-semibold text-brand-700 tabular-nums">{summary.own ?? "—"}</dd>
              </div>
              <div>
                <dt className="text-xs text-slate-500">{current.competitor}</dt>
                <dd className="text-2xl font-semibold text-slate-600 tabular-nums">{summary.competitor ?? "—"}</dd>
              </div>
            </dl>
          </div>

          <AdvantageChart
            title={t("chartTitle", { competitor: current.competitor })}
            ours={t("weightedOwn")}
            theirs={current.competitor}
            rows={current.rows.map((r) => ({ dimension: r.dimension, weight: r.weight, own: r.ownScore, competitor: r.competitorScore }))}
          />

          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <caption className="pb-1 text-left text-xs text-slate-500">{t("tableCaption")}</caption>
              <thead className="bg-slate-50 text-left text-slate-600">
                <tr>
                  <th scope="col" className="px-2 py-1.5 font-medium whitespace-nowrap">{t("dimension")}</th>
                  <th scope="col" className="px-2 py-1.5 font-medium whitespace-nowrap">{t("weight")}</th>
                  <th scope="col" className="px-2 py-1.5 font-medium whitespace-nowrap">{t("ownScore")}</th>
                  <th scope="col" className="px-2 py-1.5 font-medium whitespace-nowrap">{t("competitorScore")}</th>
                  <th scope="col" className="px-2 py-1.5 font-medium whitespace-nowrap">{t("gap")}</th>
                  <th scope="col" className="px-2 py-1.5 font-medium whitespace-nowrap">{t("note")}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {current.rows.map((r) => {
                  const v = verdict(r);
                  return (
                    <tr key={r.id}>
                      <th scope="row" className="px-2 py-1.5 text-left font-medium whitespace-nowrap">{r.dimension}</th>
                      <td className="px-2 py-1.5 tabular-nums">{r.weight}</td>
                      <td className="px-2 py-1.5 tabular-nums">{r.ownScore}</td>
                      <td className="px-2 py-1.5 tabular-nums">{r.competitorScore}</td>
                      <td className="px-2 py-1.5 whitespace-nowrap">
                        <span className={clsx("chip", VERDICT_CLS[v])}>
                          {t(`verdict.${v}`)} {r.ownScore - r.competitorScore > 0 ? "+" : ""}
                          {r.ownScore - r.competitorScore}
                        </span>
                      </td>
                      <td className="min-w-40 px-2 py-1.5 text-slate-600">{r.note ?? ""}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>

          <div className="grid gap-3 md:grid-cols-2">
            <div className="rounded-lg border border-emerald-200 bg-emerald-50/50 p-3">
              <h3 className="font-semibold text-emerald-900">{t("keyPoints")}</h3>
              <p className="text-xs text-emerald-900/80">{t("keyPointsHint")}</p>
              {summary.keyPoints.length === 0 ? (
                <p className="mt-2 text-sm text-slate-500">{t("none")}</p>
              ) : (
                <ul className="mt-2 space-y-2">
                  {summary.keyPoints.map((r) => (
                    <li key={r.id} className="flex flex-wrap items-center justify-between gap-2 text-sm">
                      <span>
                        <strong>{r.dimension}</strong> {r.ownScore} : {r.competitorScore}
                        {r.note && <span className="block text-xs text-slate-600">{r.note}</span>}
                      </span>
                      {canWrite && (
                        <Link href={`/products/${productId}?from=${r.id}#fab-new`} className="btn-secondary min-h-9 px-3 text-xs">
                          {t("writeFab")}
                        </Link>
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </div>
            <div className="rounded-lg border border-red-200 bg-red-50/50 p-3">
              <h3 className="font-semibold text-red-900">{t("weaknesses")}</h3>
              <p className="text-xs text-red-900/80">{t("weaknessesHint")}</p>
              {summary.weaknesses.length === 0 ? (
                <p className="mt-2 text-sm text-slate-500">{t("none")}</p>
              ) : (
                <ul className="mt-2 space-y-2">
                  {summary.weaknesses.map((r) => (
                    <li key={r.id} className="text-sm">
                      <strong>{r.dimension}</strong> {r.ownScore} : {r.competitorScore}
                      {r.note && <span className="block text-xs text-slate-600">{r.note}</span>}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </div>

          {current.canEdit && canWrite ? (
            <div className="flex flex-wrap gap-2">
              <button type="button" className="btn-secondary" onClick={() => setMode("edit")}>
                <Pencil aria-hidden className="size-4" />
                {t("edit")}
              </button>
              <button type="button" className="btn-danger" disabled={pending} onClick={() => remove(current)}>
                <Trash aria-hidden className="size-4" />
                {t("delete")}
              </button>
            </div>
          ) : (
            canWrite && <p className="text-xs text-slate-500">{t("readOnly")}</p>
          )}
        </section>
      )}
    </div>
  );
}
