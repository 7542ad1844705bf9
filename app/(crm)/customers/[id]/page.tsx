import { ChevronDown, MapPin, MessageSquare, MessageSquarePlus, Pencil, Phone } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { DeleteRestoreButton, IdCardReveal, SavedToast } from "@/components/customers/customer-actions";
import { StageBadge } from "@/components/customers/stage-badge";
import { CustomerForgetting } from "@/components/forgetting/customer-forgetting";
import { ClientMessages } from "@/components/intl/client-messages";
import { OptOuts } from "@/components/marketing/opt-outs";
import { getDb } from "@/db/client";
import { getCustomerById } from "@/db/queries/customers";
import { getIntroductions } from "@/db/queries/network";
import { getCustomerTimeline } from "@/db/queries/timeline";
import { getOwnerHistory } from "@/db/queries/pool";
import { getOwnerOptions } from "@/db/queries/users";
import { AssignOneForm } from "@/components/team/assign-one-form";
import { OwnerHistory } from "@/components/team/owner-history";
import { getStageSuggestion } from "@/db/queries/analytics";
import { StageSuggestion } from "@/components/deals/stage-suggestion";
import { CommunicationForm } from "@/components/communications/communication-form";
import { CustomerTimeline, TimelineLink } from "@/components/communications/customer-timeline";
import { nowLocal, today as companyToday } from "@/lib/dates";
import type { Locale } from "@/i18n/config";
import { formatLunar, nextLunarOccurrence } from "@/lib/lunar";
import { requirePermission } from "@/lib/session";
import { isUuid } from "@/lib/validation/common";
import { can } from "@/lib/viewer";
import { LessonLinks } from "@/components/training/lesson-links";
import { OpenDetailsOnHash } from "@/components/ui/open-details-on-hash";
import { punct } from "@/lib/punct";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return { title: isUuid(id) ? (await getTranslations("modules"))("customers") : undefined };
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  const empty = children == null || children === "" || children === false;
  return (
    <div className="grid grid-cols-3 gap-2 py-1.5 text-sm">
      <dt className="text-slate-500">{label}</dt>
      <dd className="col-span-2 break-words whitespace-pre-line">{empty ? <span className="text-slate-300">—</span> : children}</dd>
    </div>
  );
}

/**
 * A field group of the profile; `lessons` are the methods that teach how to fill it in and use it. A
 * `collapsible` group is closed on a phone, where the page must lead with the next action rather than
 * with every field, and always open from the lg breakpoint (its ::details-content shown by CSS; a browser
 * without that pseudo-element shows it closed, one tap away).
 */
function Group({ title, lessons, collapsible, children }: { title: string; lessons?: string[]; collapsible?: boolean; children: React.ReactNode }) {
  if (collapsible)
    return (
      <details className="card group/g p-4 lg:details-content:[content-visibility:visible] lg:details-content:block">
        <summary className="flex min-h-8 cursor-pointer list-none items-center justify-between gap-2 select-none lg:pointer-events-none [&::-webkit-details-marker]:hidden">
          <h2 id={`g-${title}`} className="text-base font-semibold">
            {title}
          </h2>
          <ChevronDown aria-hidden className="size-4 text-slate-400 transition-transform group-open/g:rotate-180 lg:hidden" />
        </summary>
        <dl className="mt-2 divide-y divide-slate-100">{children}</dl>
        {lessons && (
          <div className="mt-2">
            <LessonLinks slugs={lessons} variant="inline" />
          </div>
        )}
      </details>
    );
  return (
    <section className="card p-4" aria-labelledby={`g-${title}`}>
      <div className="mb-2 flex items-center justify-between gap-2">
        <h2 id={`g-${title}`} className="text-base font-semibold">
          {title}
        </h2>
        {lessons && <LessonLinks slugs={lessons} variant="inline" />}
      </div>
      <dl className="divide-y divide-slate-100">{children}</dl>
    </section>
  );
}

/** 记录交流, call, message and navigate: the next action, first on a phone. */
const QUICK_ACTION = "flex min-h-14 flex-col items-center justify-center gap-1 rounded-lg px-2 py-2 text-xs font-medium text-brand-700 hover:bg-brand-50";

/** One action of the bar: a link when it can be done, the same shown disabled when it cannot (no number, no address). */
function QuickAction({ href, icon: Icon, label, external }: { href: string | null; icon: typeof Phone; label: string; external?: boolean }) {
  const body = (
    <>
      <Icon aria-hidden className="size-5" />
      {label}
    </>
  );
  if (!href)
    return (
      <span className={`${QUICK_ACTION} text-slate-300`} aria-disabled="true">
        {body}
      </span>
    );
  return (
    <a href={href} className={QUICK_ACTION} {...(external ? { target: "_blank", rel: "noopener noreferrer" } : {})}>
      {body}
    </a>
  );
}

function QuickActions({ c, t, canLog }: { c: { mobile: string | null; landline: string | null; address: string | null; homeAddress: string | null }; t: (k: string) => string; canLog: boolean }) {
  const phone = c.mobile || c.landline;
  const address = c.address || c.homeAddress;
  return (
    <nav aria-label={t("customer.actions.bar")} className="card grid grid-cols-4 gap-1 p-1 lg:hidden">
      {canLog ? <QuickAction href="#log-communication" icon={MessageSquarePlus} label={t("comm.timeline.add")} /> : <span />}
      <QuickAction href={phone ? `tel:${phone}` : null} icon={Phone} label={t("customer.actions.call")} />
      <QuickAction href={c.mobile ? `sms:${c.mobile}` : null} icon={MessageSquare} label={t("customer.actions.sms")} />
      <QuickAction href={address ? `https://uri.amap.com/search?keyword=${encodeURIComponent(address)}` : null} icon={MapPin} label={t("customer.actions.navigate")} external />
    </nav>
  );
}

export default async function CustomerPage({ params }: Props) {
  const viewer = await requirePermission("customer:view");
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const db = await getDb();
  const c = await getCustomerById(db, viewer, id, { includeDeleted: true });
  if (!c) notFound();
  const assigns = !c.deletedAt && can(viewer, "customer:assign");
  const pn = punct(await getLocale());
  const [t, format, timeline, suggestion, ownerHistory, owners, introduced] = await Promise.all([
    getTranslations(),
    getFormatter(),
    getCustomerTimeline(db, viewer, id, 50),
    c.deletedAt || !can(viewer, "customer:edit") ? Promise.resolve(null) : getStageSuggestion(db, viewer, id),
    getOwnerHistory(db, viewer, id),
    assigns ? getOwnerOptions(db, viewer) : Promise.resolve([]),
    getIntroductions(db, viewer, id),
  ]);
  const now = nowLocal();
  const listSep = punct(await getLocale()).list(["", ""]);
  const tf = (k: string) => t(`customer.fields.${k}`);
  const today = companyToday();
  const lunar = c.lunarBirthMonth && c.lunarBirthDay ? { year: c.lunarBirthYear, month: c.lunarBirthMonth, day: c.lunarBirthDay, leap: c.lunarBirthLeap } : null;
  const deleted = !!c.deletedAt;

  return (
    <ClientMessages namespaces={["customer", "comm", "deal.suggestion", "picker", "team", "marketing.optOut"]}>
      <div className="space-y-4">
        <Suspense>
          <SavedToast />
        </Suspense>
        {deleted && (
          <p role="status" className="rounded-xl border border-red-200 bg-red-50 p-3 text-sm text-red-800">
            {t("customer.inTrash")}
          </p>
        )}
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div>
            <p className="text-sm text-slate-500">
              <Link href="/customers" className="hover:underline">
                {t("modules.customers")}
              </Link>{" "}
              / {t(`customer.kinds.${c.kind}`)}
            </p>
            <h1 className="mt-1 flex flex-wrap items-center gap-2 text-2xl font-semibold">
              {c.name}
              <StageBadge stage={c.stage} />
              {c.valueGradeEffective && <span className="chip bg-brand-50 text-brand-700">{t("customer.gradeChip", { grade: c.valueGradeEffective })}</span>}
            </h1>
            <p className="mt-1 text-sm text-slate-600">
              {[c.kind === "individual" ? c.companyName : null, c.title, t("customer.ownerLine", { owner: c.ownerName ?? "—", unit: c.orgUnitName ?? "—" })].filter(Boolean).join(" · ")}
            </p>
          </div>
          <div className="flex flex-wrap gap-2">
            {!deleted && can(viewer, "customer:edit") && (
              <Link href={`/customers/${c.id}/edit`} className="btn-primary">
                <Pencil aria-hidden className="size-4" />
                {t("customer.edit")}
              </Link>
            )}
            {!deleted && can(viewer, "deal:create") && (
              <Link href={`/deals/new?customer=${c.id}`} className="btn-secondary">
                {t("deal.list.new")}
              </Link>
            )}
            {!deleted && can(viewer, "customer:export") && (
              <a href={`/api/customers/vcf?id=${c.id}`} className="btn-secondary" download>
                {t("imports.exportVcf")}
              </a>
            )}
            {can(viewer, "customer:delete") && <DeleteRestoreButton id={c.id} deleted={deleted} />}
          </div>
        </div>

        {!deleted && <QuickActions c={c} t={t} canLog={can(viewer, "communication:create")} />}
        <OpenDetailsOnHash />

        {suggestion && (
          <StageSuggestion
            customerId={c.id}
            from={suggestion.from}
            to={suggestion.to}
            wonDeals={suggestion.wonDeals}
            fromLabel={t(`customer.stages.${suggestion.from}`)}
            toLabel={t(`customer.stages.${suggestion.to}`)}
          />
        )}

        <div className="grid gap-4 lg:grid-cols-3">
          <div className="space-y-4 lg:col-span-2">
            <Group title={t("customer.groups.card")}>
              {c.kind === "company" && <Row label={tf("companySize")}>{c.companySize}</Row>}
              {c.kind === "individual" && (
                <Row label={tf("companyName")}>
                  {c.companyId && c.companyLinkName ? (
                    <Link className="text-brand-700 hover:underline" href={`/customers/${c.companyId}`}>
                      {c.companyLinkName}
                    </Link>
                  ) : (
                    c.companyName
                  )}
                </Row>
              )}
              {c.kind === "individual" && <Row label={tf("title")}>{c.title}</Row>}
              {c.kind === "individual" && <Row label={tf("gender")}>{c.gender !== "unknown" && t(`customer.genders.${c.gender}`)}</Row>}
              <Row label={tf("mobile")}>{c.mobile && <a href={`tel:${c.mobile}`} className="text-brand-700 tabular-nums">{c.mobile}</a>}</Row>
              <Row label={tf("email")}>{c.email && <a href={`mailto:${c.email}`} className="text-brand-700">{c.email}</a>}</Row>
              <Row label={tf("wechat")}>{c.wechat}</Row>
              <Row label={tf("qq")}>{c.qq}</Row>
              <Row label={tf("landline")}>{c.landline}</Row>
              <Row label={tf("website")}>{c.website && <a href={c.website} className="text-brand-700" rel="noopener noreferrer nofollow" target="_blank">{c.website}</a>}</Row>
              <Row label={tf("address")}>{c.address}</Row>
            </Group>

            {c.kind === "company" && (
              <section className="card p-4">
                <h2 className="mb-2 text-base font-semibold">{t("customer.groups.contacts")}</h2>
                {c.contacts.length === 0 ? (
                  <p className="text-sm text-slate-500">{t("customer.noContacts")}</p>
                ) : (
                  <ul className="divide-y divide-slate-100">
                    {c.contacts.map((p) => (
                      <li key={p.id} className="flex justify-between py-2 text-sm">
                        <Link href={`/customers/${p.id}`} className="font-medium text-brand-700 hover:underline">
                          {p.name}
                        </Link>
                        <span className="text-slate-500">{[p.title, p.mobile].filter(Boolean).join(" · ")}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            )}

            <Group collapsible title={t("customer.groups.acquaintance")} lessons={["remember-more-people", "first-impression"]}>
              <Row label={tf("introducer")}>
                {c.introducerId && c.introducerName ? (
                  <Link className="text-brand-700 hover:underline" href={`/customers/${c.introducerId}`}>
                    {c.introducerName}
                  </Link>
                ) : c.introducerId ? (
                  <span className="text-slate-500">{t("network.kinds.external")}</span>
                ) : (
                  c.introducerText
                )}
              </Row>
              <Row label={t("network.profile.introduced")}>
                {introduced.length > 0 && (
                  <span data-testid="introduced-list">
                    {introduced.map((x, i) => (
                      <span key={x.id}>
                        {i > 0 && listSep}
                        <Link className="text-brand-700 hover:underline" href={`/customers/${x.id}`}>
                          {x.name}
                        </Link>
                      </span>
                    ))}
                    <Link className="ml-2 text-xs text-brand-700 hover:underline" href={`/network/introducers?id=${c.id}#chain`}>
                      {t("network.profile.chain")}
                    </Link>
                  </span>
                )}
              </Row>
              <Row label={tf("source")}>{c.sourceLabel}</Row>
              <Row label={tf("metOn")}>{c.metOn && <time dateTime={c.metOn}>{c.metOn}</time>}</Row>
              <Row label={tf("firstImpression")}>{c.firstImpression}</Row>
            </Group>

            <Group collapsible title={t("customer.groups.dates")} lessons={["build-relationships"]}>
              <Row label={tf("solarBirthday")}>{c.solarBirthday && <time dateTime={c.solarBirthday}>{c.solarBirthday}</time>}</Row>
              <Row label={tf("lunarBirthday")}>
                {lunar && (
                  <>
                    {formatLunar(lunar, (await getLocale()) as Locale)}
                    <span className="ml-2 text-xs text-slate-500">
                      {(() => {
                        const next = nextLunarOccurrence(lunar.month, lunar.day, lunar.leap, today);
                        return next ? t("customer.nextLunar", { date: next, year: next.slice(0, 4) }) : null;
                      })()}
                    </span>
                  </>
                )}
              </Row>
              <Row label={tf("weddingAnniversary")}>{c.weddingAnniversary && <time dateTime={c.weddingAnniversary}>{c.weddingAnniversary}</time>}</Row>
              <Row label={tf("importantDateNotes")}>{c.importantDateNotes}</Row>
              {c.customDates.map((d) => (
                <Row key={d.id} label={d.label}>
                  <time dateTime={d.date}>{d.date}</time>
                  {d.notes && <span className="text-slate-500"> · {d.notes}</span>}
                </Row>
              ))}
            </Group>

            <Group collapsible title={t("customer.groups.related")}>
              <Row label={tf("nativePlace")}>{c.nativePlace}</Row>
              <Row label={tf("maritalStatus")}>{c.maritalStatus !== "unknown" && t(`customer.marital.${c.maritalStatus}`)}</Row>
              <Row label={tf("homeAddress")}>{c.homeAddress}</Row>
              <Row label={tf("idCard")}>{c.idCardMasked && <IdCardReveal id={c.id} masked={c.idCardMasked} canReveal={can(viewer, "customer:reveal_id") && !deleted} />}</Row>
            </Group>

            <Group collapsible title={t("customer.groups.classification")} lessons={["closing-customer-identification", "deal-customer-management"]}>
              <Row label={tf("stage")}>{t(`customer.stages.${c.stage}`)}</Row>
              <Row label={tf("industry")}>{c.industryLabel}</Row>
              <Row label={tf("region")}>{[c.regionLabel, c.cityLabel].filter(Boolean).join(" / ")}</Row>
              <Row label={tf("circles")}>{punct(await getLocale()).list(c.circles.map((x) => x.label))}</Row>
              <Row label={tf("otherCategory")}>{c.otherCategory}</Row>
            </Group>

            <Group collapsible title={t("customer.groups.grading")} lessons={["value-customer-identification", "value-customer-management"]}>
              <Row label={tf("valueGrade")}>
                {c.valueGradeEffective}
                {c.valueGradeOverride && <span className="ml-2 text-xs text-slate-500">{t("customer.manualGrade")}</span>}
              </Row>
              <Row label={tf("creditGrade")}>{c.creditGrade}</Row>
              <Row label={tf("otherGrade")}>{c.otherGrade}</Row>
            </Group>

            <Group collapsible title={t("customer.groups.personality")} lessons={["personal-interaction"]}>
              <Row label={tf("personality")}>{c.personality}</Row>
            </Group>
          </div>

          <div className="space-y-4">
            {!deleted && <CustomerForgetting viewer={viewer} customerId={c.id} />}
            <section className="card p-4" aria-labelledby="activity-title">
              <div className="mb-2 flex items-center justify-between">
                <h2 id="activity-title" className="text-base font-semibold">
                  {t("comm.timeline.title")}
                </h2>
                <LessonLinks module="/communications" variant="inline" />
              </div>
              {!deleted && can(viewer, "communication:create") && (
                <details className="mb-4 rounded-lg border border-brand-200 bg-brand-50/40" id="log-communication">
                  <summary className="flex min-h-11 cursor-pointer items-center gap-2 px-3 text-sm font-medium text-brand-700 select-none">
                    <MessageSquarePlus aria-hidden className="size-4" />
                    {t("comm.timeline.add")}
                  </summary>
                  <div className="border-t border-brand-100 bg-white p-3">
                    <CommunicationForm compact customer={{ id: c.id, label: c.name }} now={now} today={now.slice(0, 10)} />
                  </div>
                </details>
              )}
              <CustomerTimeline items={timeline} />
              {timeline.length > 0 && can(viewer, "communication:view") && (
                <p className="mt-3">
                  <TimelineLink customerId={c.id} label={t("comm.timeline.allRecords")} />
                </p>
              )}
            </section>

            <section className="card p-4" aria-labelledby="stage-history-title">
              <h2 id="stage-history-title" className="mb-2 text-base font-semibold">
                {t("customer.stageHistory")}
              </h2>
              {c.stageHistory.length === 0 ? (
                <p className="text-sm text-slate-500">—</p>
              ) : (
                <ol className="space-y-2 text-sm">
                  {c.stageHistory.map((h) => (
                    <li key={h.id}>
                      <span className="text-slate-500">{format.dateTime(h.changedAt, { dateStyle: "medium" })}</span>{" "}
                      {h.fromStage ? `${t(`customer.stages.${h.fromStage}`)} → ` : ""}
                      <strong>{t(`customer.stages.${h.toStage}`)}</strong>
                      {h.changedByName && <span className="text-slate-500"> · {h.changedByName}</span>}
                    </li>
                  ))}
                </ol>
              )}
            </section>

            <OwnerHistory
              rows={ownerHistory.map((h) => ({ ...h, atLabel: format.dateTime(h.at, { dateStyle: "medium", timeStyle: "short" }) }))}
              assign={assigns && !c.companyId ? <AssignOneForm customerId={c.id} owners={owners.map((o) => ({ id: o.id, label: pn.paren(o.name, o.orgUnitName) }))} currentOwnerId={c.ownerId} /> : null}
            />
            {can(viewer, "marketing:send") && <OptOuts customerId={c.id} canEdit={!deleted && can(viewer, "customer:edit")} />}

            <section className="card p-4 text-xs text-slate-500">
              <p>{t("customer.meta.created", { at: format.dateTime(c.createdAt, { dateStyle: "medium", timeStyle: "short" }) })}</p>
              <p>{t("customer.meta.updated", { at: format.dateTime(c.updatedAt, { dateStyle: "medium", timeStyle: "short" }), version: c.version })}</p>
            </section>
          </div>
        </div>
      </div>
    </ClientMessages>
  );
}
