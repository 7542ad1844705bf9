import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { ClientMessages } from "@/components/intl/client-messages";
import { CommentForm } from "@/components/team/comment-form";
import { TeamTabs } from "@/components/team/team-tabs";
import { FilterSelect } from "@/components/ui/filter-select";
import { GetForm } from "@/components/ui/get-form";
import { getDb } from "@/db/client";
import { getTeamFeed, getTeamFilterOptions, type FeedItem } from "@/db/queries/team";
import type { Locale } from "@/i18n/config";
import { toDateString } from "@/lib/dates";
import { listLessons } from "@/lib/training/lessons";
import { punct } from "@/lib/punct";
import { requirePermission } from "@/lib/session";
import { firstValues } from "@/lib/validation/common";
import { FEED_KINDS, teamFeedQuerySchema, type TeamFeedQuery } from "@/lib/validation/team";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("team"))("feed.title") };
}

type SP = Record<string, string | string[] | undefined>;

function href(q: Partial<TeamFeedQuery>) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v != null && v !== "") p.set(k, String(v));
  const s = p.toString();
  return s ? `/team?${s}` : "/team";
}

/** 工作浏览: the team's work in the viewer's scope, newest first, grouped by day, with comments. */
export default async function TeamFeedPage({ searchParams }: { searchParams: Promise<SP> }) {
  const viewer = await requirePermission("plan:review");
  const q = teamFeedQuerySchema.parse(firstValues(await searchParams));
  const db = await getDb();
  const locale = await getLocale();
  const [t, tm, format, page, options, lessons] = await Promise.all([
    getTranslations("team"),
    getTranslations(),
    getFormatter(),
    getTeamFeed(db, viewer, q),
    getTeamFilterOptions(db, viewer),
    listLessons(locale as Locale),
  ]);
  const lessonTitles = new Map(lessons.map((l) => [l.slug, l.title]));
  const pn = punct(locale);
  const base = { ...q, cursor: undefined };
  const filtered = !!(q.person || q.unit || q.kind || q.from || q.to);
  const days: { day: string; items: FeedItem[] }[] = [];
  for (const i of page.items) {
    const day = toDateString(i.at);
    if (days[days.length - 1]?.day !== day) days.push({ day, items: [] });
    days[days.length - 1].items.push(i);
  }
  const all = t("feed.all");

  return (
    <ClientMessages namespaces={["team"]}>
      <div className="space-y-4">
        <div>
          <h1 className="text-2xl font-semibold">{t("feed.title")}</h1>
          <p className="text-sm text-slate-500">{t("feed.subtitle")}</p>
        </div>
        <TeamTabs viewer={viewer} active="feed" />

        <GetForm action="/team" role="search" aria-label={t("feed.filters")} className="card p-3">
          <details open={filtered}>
            <summary className="cursor-pointer text-sm font-medium text-brand-700">{t("feed.filters")}</summary>
            <div className="mt-3 grid grid-cols-2 gap-3 md:grid-cols-5">
              <FilterSelect idPrefix="tf" name="person" label={t("feed.person")} value={q.person} all={all} options={options.people.map((o) => ({ id: o.id, label: pn.paren(o.name, o.unitName) }))} />
              <FilterSelect idPrefix="tf" name="unit" label={t("feed.unit")} value={q.unit} all={all} options={options.units.map((u) => ({ id: u.id, label: u.name }))} />
              <FilterSelect idPrefix="tf" name="kind" label={t("feed.kind")} value={q.kind} all={all} options={FEED_KINDS.map((k) => ({ id: k, label: t(`kinds.${k}`) }))} />
              <div>
                <label htmlFor="tf-from" className="label">
                  {t("feed.from")}
                </label>
                <input id="tf-from" name="from" type="date" className="input" defaultValue={q.from ?? ""} />
              </div>
              <div>
                <label htmlFor="tf-to" className="label">
                  {t("feed.to")}
                </label>
                <input id="tf-to" name="to" type="date" className="input" defaultValue={q.to ?? ""} />
              </div>
            </div>
            <div className="mt-3 flex gap-2">
              <button type="submit" className="btn-primary">
                {t("feed.apply")}
              </button>
              <Link href="/team" className="btn-secondary">
                {t("feed.reset")}
              </Link>
            </div>
          </details>
        </GetForm>

        {days.length === 0 ? (
          <div className="card p-10 text-center text-slate-600">
            <p className="font-medium">{filtered || q.cursor ? t("feed.emptyFiltered") : t("feed.empty")}</p>
          </div>
        ) : (
          days.map((d) => (
            <section key={d.day} aria-labelledby={`day-${d.day}`} className="space-y-2">
              <h2 id={`day-${d.day}`} className="sticky top-0 z-10 bg-slate-50/90 py-1 text-sm font-semibold text-slate-600 backdrop-blur">
                {format.dateTime(new Date(`${d.day}T12:00:00Z`), { dateStyle: "full", timeZone: "UTC" })}
              </h2>
              <ul className="space-y-2">
                {d.items.map((i) => (
                  <li key={`${i.kind}-${i.id}`} className="card p-3">
                    <FeedEntry item={i} t={t} tm={tm} time={format.dateTime(i.at, { timeStyle: "short" })} pn={pn} lessonTitle={lessonTitles.get(i.title)} />
                  </li>
                ))}
              </ul>
            </section>
          ))
        )}
        <nav aria-label={t("feed.pages")} className="flex justify-between">
          {q.cursor ? (
            <Link href={href(base)} className="btn-secondary">
              {t("feed.first")}
            </Link>
          ) : (
            <span />
          )}
          {page.nextCursor && (
            <Link href={href({ ...base, cursor: page.nextCursor })} className="btn-secondary">
              {t("feed.next")}
            </Link>
          )}
        </nav>
      </div>
    </ClientMessages>
  );
}

type T = (key: string, values?: Record<string, string | number>) => string;

function FeedEntry({ item: i, t, tm, time, pn, lessonTitle }: { item: FeedItem; t: T; tm: T; time: string; pn: ReturnType<typeof punct>; lessonTitle?: string }) {
  const m = i.meta;
  const title =
    i.kind === "summary" ? t("feed.summaryTitle", { period: t(`periods.${String(m.period)}`), start: String(m.startDate ?? "") }) : i.kind === "lesson" ? t("feed.lessonTitle", { lesson: lessonTitle ?? i.title }) : i.title;
  const detail: string[] = [];
  if (i.kind === "communication") {
    detail.push(tm(`comm.methods.${String(m.method)}`));
    if (m.author && m.author !== i.ownerName) detail.push(t("feed.writtenBy", { name: String(m.author) }));
    if (m.nextFollowUp) detail.push(t("feed.followUp", { date: String(m.nextFollowUp) }));
  }
  if (i.kind === "deal") {
    if (m.amount) detail.push(t("feed.amount", { amount: String(m.amount) }));
    if (m.stage) detail.push(String(m.stage));
  }
  if (i.kind === "stage") detail.push(t("feed.moved", { from: String(m.from ?? ""), to: String(m.to ?? "") }));
  if (i.kind === "customer" && m.stage) detail.push(tm(`customer.stages.${String(m.stage)}`));
  if (i.kind === "plan") detail.push(t("feed.planPeriod", { start: String(m.startDate ?? ""), end: String(m.endDate ?? "") }));
  if (i.kind === "lesson" && m.score != null) detail.push(t("feed.score", { score: Number(m.score) }));
  const link = i.kind === "deal" ? `/deals/${i.id}` : i.kind === "stage" && m.dealId ? `/deals/${String(m.dealId)}` : i.kind === "plan" || i.kind === "summary" ? "/plans" : i.kind === "lesson" ? `/training/${i.title}` : i.customerId ? `/customers/${i.customerId}` : null;
  return (
    <article aria-label={pn.clauses([t(`kinds.${i.kind}`), title])}>
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-500">
        <span className="rounded bg-brand-50 px-1.5 py-0.5 font-medium text-brand-700">{t(`kinds.${i.kind}`)}</span>
        <time dateTime={i.at.toISOString()}>{time}</time>
        {i.ownerId ? (
          <Link href={`/team?person=${i.ownerId}`} className="font-medium text-slate-700 hover:underline">
            {i.ownerName}
          </Link>
        ) : (
          <span>{t("feed.inPool")}</span>
        )}
        {i.unitName && <span>{i.unitName}</span>}
      </div>
      <p className="mt-1 font-medium">
        {link ? (
          <Link href={link} prefetch={false} className="text-brand-700 hover:underline">
            {title}
          </Link>
        ) : (
          title
        )}
        {i.customerName && i.kind !== "customer" && <span className="font-normal text-slate-600">{` · ${i.customerName}`}</span>}
      </p>
      {detail.length > 0 && <p className="text-xs text-slate-500">{detail.join(" · ")}</p>}
      {i.body && <p className="mt-1 line-clamp-4 whitespace-pre-line text-sm text-slate-700">{i.body}</p>}
      {i.comments.length > 0 && (
        <ul className="mt-2 space-y-1 border-l-2 border-amber-300 pl-3 text-sm" aria-label={t("feed.comments")}>
          {i.comments.map((c) => (
            <li key={c.id}>
              <span className="font-medium">{c.reviewerName}</span>
              {pn.colon}
              {c.comment}
            </li>
          ))}
        </ul>
      )}
      {i.kind !== "lesson" && <CommentForm targetType={i.kind} targetId={i.id} label={title} />}
    </article>
  );
}
