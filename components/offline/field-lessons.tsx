"use client";

import { useTranslations } from "next-intl";
import { all, get } from "@/lib/offline/store";
import type { OfflineLesson } from "@/lib/training/offline";
import { FieldLink } from "./field-app";
import { useStore } from "./use-offline";

const GROUPS = ["core-skills", "network", "service", "precision"] as const;

/** 培训中心 offline: the lessons of the working set, by group, in the language they were downloaded in. */
export function Lessons() {
  const t = useTranslations("offline");
  const tt = useTranslations("training");
  const rows = useStore(() => all<OfflineLesson>("lessons"));
  if (!rows) return null;
  return (
    <div className="space-y-4">
      <h1 tabIndex={-1} className="text-xl font-semibold outline-none">
        {tt("title")}
      </h1>
      {rows.length === 0 && <p className="card p-6 text-center text-slate-500">{t("lessons.empty")}</p>}
      {GROUPS.map((g) => {
        const list = rows.filter((l) => l.group === g).sort((a, b) => a.order - b.order);
        if (!list.length) return null;
        return (
          <section key={g} className="card p-4" aria-labelledby={`lg-${g}`}>
            <h2 id={`lg-${g}`} className="font-semibold">
              {tt(`groups.${g}`)}
            </h2>
            <ul className="mt-2 divide-y divide-slate-100">
              {list.map((l) => (
                <li key={l.id} className="py-2 text-sm">
                  <FieldLink to={`/training/${l.id}`} className="block hover:underline">
                    <span className="block font-medium">{l.title}</span>
                    <span className="block text-xs text-slate-500">
                      {tt("minutes", { n: l.minutes })} · {l.summary}
                    </span>
                  </FieldLink>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}

/** One lesson's text; the quiz, the exercise's check and the charts wait for the network. */
export function Lesson({ id }: { id: string }) {
  const t = useTranslations("offline");
  const tt = useTranslations("training");
  const lesson = useStore(async () => (await get<OfflineLesson>("lessons", id)) ?? null, [id]);
  if (lesson === undefined) return null;
  if (!lesson)
    return (
      <div className="card mt-8 p-6 text-center">
        <h1 tabIndex={-1} className="text-lg font-semibold outline-none">
          {t("lessons.notFound")}
        </h1>
        <FieldLink to="/training" className="btn-secondary mt-4 inline-flex">
          {t("lessons.back")}
        </FieldLink>
      </div>
    );
  return (
    <article className="card space-y-3 p-4">
      <p className="text-sm text-slate-500">
        <FieldLink to="/training" className="hover:underline">
          {tt("title")}
        </FieldLink>{" "}
        / {tt(`groups.${lesson.group}`)}
      </p>
      <h1 tabIndex={-1} className="text-2xl font-semibold outline-none">
        {lesson.title}
      </h1>
      <p className="text-slate-600">{lesson.summary}</p>
      <p className="rounded-lg bg-amber-50 px-3 py-2 text-xs text-amber-900">{t("lessons.onlineParts")}</p>
      <div className="lesson space-y-3 leading-relaxed">
        {lesson.blocks.map((b, i) => {
          switch (b[0]) {
            case "h":
              return b[1] <= 2 ? (
                <h2 key={i} className="pt-2 text-lg font-semibold">
                  {b[2]}
                </h2>
              ) : (
                <h3 key={i} className="pt-1 font-semibold">
                  {b[2]}
                </h3>
              );
            case "p":
              return <p key={i}>{b[1]}</p>;
            case "li":
            case "ol":
              return (
                <p key={i} className="pl-4 -indent-3">
                  {b[0] === "li" ? "• " : "· "}
                  {b[1]}
                </p>
              );
            case "q":
              return (
                <blockquote key={i} className="border-l-4 border-slate-200 pl-3 text-slate-700">
                  {b[1]}
                </blockquote>
              );
            case "fab":
              return (
                <div key={i} className="grid gap-2 sm:grid-cols-3" role="group" aria-label={tt("fab.chain")}>
                  {(["feature", "advantage", "benefit"] as const).map((k, n) => (
                    <div key={k} className="rounded-lg border border-slate-200 p-3 text-sm">
                      <p className="text-xs font-semibold text-slate-600">
                        {"FAB"[n]} · {tt(`fab.${k}`)}
                      </p>
                      <p className="mt-1">{b[n + 1]}</p>
                    </div>
                  ))}
                </div>
              );
          }
        })}
      </div>
      <section className="rounded-lg border border-slate-200 p-3 text-sm">
        <h2 className="font-semibold">{tt("exercise.title")}</h2>
        <p className="mt-1 text-slate-600">{lesson.exercise}</p>
      </section>
    </article>
  );
}
