import clsx from "clsx";
import { BookOpen } from "lucide-react";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import type { Locale } from "@/i18n/config";
import { lessonsFor, type LessonMeta } from "@/lib/training/lessons";
import { punct } from "@/lib/punct";

type Props = {
  /** The lessons whose frontmatter names this module route (e.g. "/communications")… */
  module?: string;
  /** …or these lessons, in this order. */
  slugs?: string[];
  /** A button in a page header, or a small link in a section header. */
  variant?: "button" | "inline";
  className?: string;
};

/**
 * "学习方法": the module side of the two-way link between a module and the lessons that teach it. One lesson
 * is a link; several open a short list (a native disclosure, no script). The lesson's title is in the
 * link's accessible name, so links with the same visible words are told apart by a screen reader.
 */
export async function LessonLinks({ module, slugs, variant = "button", className }: Props) {
  const [t, lessons] = await Promise.all([getTranslations("common"), getLocale().then((locale) => lessonsFor({ module, slugs, locale: locale as Locale }))]);
  if (!lessons.length) return null;
  const trigger = variant === "button" ? "btn-secondary" : "inline-flex items-center gap-1 text-xs text-brand-700 hover:underline";
  const label = (
    <>
      <BookOpen aria-hidden className="size-4" />
      {t("learn")}
    </>
  );
  if (lessons.length === 1) {
    const [l] = lessons;
    return (
      <Link href={`/training/${l.slug}`} className={clsx(trigger, className)} aria-label={`${t("learn")}${punct(await getLocale()).colon}${l.title}`}>
        {label}
      </Link>
    );
  }
  return (
    <details className={clsx("group", variant === "button" ? "lg:relative" : "relative", className)}>
      <summary className={clsx(trigger, "cursor-pointer list-none [&::-webkit-details-marker]:hidden")}>
        {label}
        <span className="text-slate-500">({lessons.length})</span>
      </summary>
      <ul
        className={clsx(
          "absolute z-30 mt-1 rounded-xl border border-slate-200 bg-white p-1 text-sm shadow-lg",
          // a header button may wrap anywhere below lg: the list then spans the screen just under it (no
          // positioned ancestor, so it keeps its place in the flow vertically); on a desktop it hangs from the
          // button's right edge, as in a section header
          variant === "button" ? "inset-x-4 lg:inset-x-auto lg:right-0 lg:w-64" : "right-0 w-64 max-w-[calc(100vw-2rem)]",
        )}
      >
        {lessons.map((l: LessonMeta) => (
          <li key={l.slug}>
            <Link href={`/training/${l.slug}`} className="block rounded-lg px-3 py-2 text-slate-700 hover:bg-slate-100">
              {l.title}
              <span className="block text-xs text-slate-500">{l.moduleLabel}</span>
            </Link>
          </li>
        ))}
      </ul>
    </details>
  );
}
