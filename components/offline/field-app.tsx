"use client";

import clsx from "clsx";
import { Bell, CheckSquare, CloudUpload, Home, Package, RefreshCw, Target, Users } from "lucide-react";
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useState } from "react";
import { syncNow } from "@/lib/offline/sync";
import { CustomerForm, CustomerList, CustomerProfile, CommunicationForm } from "./field-customers";
import { Outbox } from "./field-outbox";
import { Lesson, Lessons } from "./field-lessons";
import { Home as HomeView, Plans, Products, Reminders, Todos } from "./field-time";
import { useOnline, useOutboxCounts, useStore, useSyncStatus } from "./use-offline";
import { getMeta } from "@/lib/offline/store";

/** Where a path of the app goes in the offline workspace (the URL is /field?to=<path>). */
export type Go = (path: string) => void;

/**
 * A link inside the offline workspace: a fragment (#/customers/…) — the workspace routes on the hash, which the
 * Next router leaves alone (a pushState would make it fetch the page from the server it cannot reach).
 */
export function FieldLink({ to, className, children, ...rest }: { to: string; className?: string; children: React.ReactNode } & Omit<React.AnchorHTMLAttributes<HTMLAnchorElement>, "href">) {
  return (
    <a href={`#${to}`} className={className} {...rest}>
      {children}
    </a>
  );
}

/** 待同步: a record made or changed on this phone that the server has not taken yet. */
export function PendingMark() {
  const t = useTranslations("offline");
  return <span className="chip ml-1 bg-amber-50 text-xs text-amber-800">{t("pendingMark")}</span>;
}

/**
 * The path to show: the fragment once the rep moved inside the workspace; before that `to` on /field, or —
 * when the service worker answered a page it could not fetch with this workspace — the address itself.
 */
function currentTo() {
  const { pathname, search, hash } = window.location;
  if (hash.startsWith("#/")) return decodeURI(hash.slice(1));
  if (pathname !== "/field") return pathname + search;
  const to = new URLSearchParams(search).get("to") || "/";
  return to.startsWith("/") && !to.startsWith("//") ? to : "/";
}

const NAV = [
  { to: "/", key: "home", icon: Home },
  { to: "/customers", key: "customers", icon: Users },
  { to: "/reminders", key: "reminders", icon: Bell },
  { to: "/todos", key: "todos", icon: CheckSquare },
  { to: "/plans", key: "plans", icon: Target },
  { to: "/products", key: "products", icon: Package },
] as const;

/**
 * The offline workspace (issue #11): the app a rep uses without signal, drawn from the working set on the
 * phone (lib/offline/store). The service worker answers any page that cannot be fetched with this workspace,
 * under that page's address, so a tap on 客户档案 offline opens the offline customer list.
 */
export function FieldApp() {
  const t = useTranslations("offline");
  const [to, setTo] = useState<string | null>(null);
  const online = useOnline();
  const status = useSyncStatus();
  const counts = useOutboxCounts();
  const meta = useStore(getMeta);
  const pulledAt = status.pulledAt ?? meta?.pulledAt;

  useEffect(() => {
    setTo(currentTo());
    const moved = () => {
      setTo(currentTo());
      window.scrollTo(0, 0);
      // the view's heading takes the focus, so a screen reader hears where it is
      requestAnimationFrame(() => document.querySelector<HTMLElement>("#field-main h1")?.focus());
    };
    window.addEventListener("hashchange", moved);
    return () => window.removeEventListener("hashchange", moved);
  }, []);

  const go: Go = useCallback((path) => {
    window.location.hash = path;
  }, []);

  // online: send what waits and fetch what changed, as the shell does
  useEffect(() => {
    if (online && meta?.owner) void syncNow();
  }, [online, meta?.owner]);

  if (to == null) return null;
  const url = new URL(to, "http://x");
  const path = url.pathname.replace(/\/+$/, "") || "/";
  const seg = path.split("/").filter(Boolean);
  const time = pulledAt ? new Intl.DateTimeFormat(undefined, { month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit" }).format(pulledAt) : null;

  let view: React.ReactNode;
  if (meta && !meta.owner) view = <NoData />;
  else if (path === "/") view = <HomeView />;
  else if (seg[0] === "customers" && seg.length === 1) view = <CustomerList initialQuery={url.searchParams.get("q") ?? ""} />;
  else if (seg[0] === "customers" && seg[1] === "new") view = <CustomerForm go={go} />;
  else if (seg[0] === "customers" && seg[2] === "edit") view = <CustomerForm go={go} id={seg[1]} />;
  else if (seg[0] === "customers" && seg.length === 2) view = <CustomerProfile id={seg[1]} />;
  else if (seg[0] === "communications" && seg[1] === "new") view = <CommunicationForm go={go} customerId={url.searchParams.get("customer")} />;
  else if (seg[0] === "communications") view = <CustomerList initialQuery="" />;
  else if (seg[0] === "reminders") view = <Reminders />;
  else if (seg[0] === "todos") view = <Todos />;
  else if (seg[0] === "plans") view = <Plans />;
  else if (seg[0] === "products") view = <Products id={seg[1]} />;
  else if (seg[0] === "outbox") view = <Outbox go={go} />;
  else if (seg[0] === "training" && seg.length === 1) view = <Lessons />;
  else if (seg[0] === "training" && seg.length === 2) view = <Lesson id={seg[1]} />;
  else view = <NeedsNetwork path={path} />;

  return (
    <div className="min-h-dvh bg-slate-50 pb-24 lg:pb-8">
      <header className="sticky top-0 z-20 border-b border-slate-200 bg-white/95 backdrop-blur">
        <div className="mx-auto flex h-14 max-w-4xl items-center justify-between gap-2 px-4">
          <FieldLink to="/" className="flex items-center gap-2">
            <span aria-hidden className="flex size-7 items-center justify-center rounded-lg bg-brand-600 text-sm font-bold text-white">
              知
            </span>
            <span className="font-semibold">{t("title")}</span>
          </FieldLink>
          <div className="flex items-center gap-2">
            {counts.pending > 0 && (
              <FieldLink to="/outbox" className={clsx("chip", counts.attention ? "bg-red-50 text-red-700" : "bg-amber-50 text-amber-800")}>
                <CloudUpload aria-hidden className="size-4" />
                {counts.attention ? t("attention", { count: counts.attention }) : t("pending", { count: counts.pending })}
              </FieldLink>
            )}
            <button
              type="button"
              className="btn-secondary px-2 py-1 text-sm"
              disabled={!online || status.state === "syncing"}
              onClick={() => void syncNow()}
              aria-label={t("syncNow")}
              title={t("syncNow")}
            >
              <RefreshCw aria-hidden className={clsx("size-4", status.state === "syncing" && "animate-spin")} />
            </button>
          </div>
        </div>
        <p role="status" className={clsx("px-4 py-1 text-center text-xs", online ? "bg-emerald-50 text-emerald-800" : "bg-amber-50 text-amber-900")}>
          {status.state === "syncing" ? t("syncing") : time ? t(online ? "onlineSince" : "offlineSince", { time }) : t("neverSynced")}
          {status.state === "error" && status.error ? ` · ${t("syncFailed", { error: status.error })}` : ""}
        </p>
        {online && to !== "/" && to !== "/outbox" && (
          <p className="bg-brand-50 px-4 py-1 text-center text-xs">
            {t("backOnline")} ·{" "}
            <a className="font-medium text-brand-700 underline" href={to}>
              {t("openOnline")}
            </a>
          </p>
        )}
      </header>
      <main id="field-main" className="mx-auto max-w-4xl px-4 pt-4">
        {view}
      </main>
      <nav aria-label={t("title")} className="fixed inset-x-0 bottom-0 z-20 border-t border-slate-200 bg-white lg:static lg:mx-auto lg:mt-6 lg:max-w-4xl lg:border-0 lg:bg-transparent">
        <ul className="mx-auto grid max-w-4xl grid-cols-6">
          {NAV.map(({ to: href, key, icon: Icon }) => {
            const active = href === "/" ? path === "/" : path.startsWith(href);
            return (
              <li key={key}>
                <FieldLink
                  to={href}
                 
                  aria-current={active ? "page" : undefined}
                  className={clsx("flex flex-col items-center gap-0.5 py-2 text-xs", active ? "text-brand-700" : "text-slate-600")}
                >
                  <Icon aria-hidden className="size-5" />
                  {t(`nav.${key}`)}
                </FieldLink>
              </li>
            );
          })}
        </ul>
      </nav>
    </div>
  );
}

function NoData() {
  const t = useTranslations("offline");
  return (
    <div className="card mt-8 p-6 text-center">
      <h1 tabIndex={-1} className="text-lg font-semibold outline-none">
        {t("neverSynced")}
      </h1>
      <p className="mt-2 text-sm text-slate-600">{t("neverSyncedHint")}</p>
      <a className="btn-primary mt-4 inline-flex" href="/login">
        {t("openOnline")}
      </a>
    </div>
  );
}

function NeedsNetwork({ path }: { path: string }) {
  const t = useTranslations("offline");
  return (
    <div className="card mt-8 p-6 text-center">
      <h1 tabIndex={-1} className="text-lg font-semibold outline-none">
        {t("needsNetwork")}
      </h1>
      <p className="mt-2 text-sm text-slate-600">{t("needsNetworkHint")}</p>
      <p className="mt-1 font-mono text-xs text-slate-400">{path}</p>
      <FieldLink to="/" className="btn-primary mt-4 inline-flex">
        {t("nav.home")}
      </FieldLink>
    </div>
  );
}
