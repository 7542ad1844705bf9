import { getLocale, getTranslations } from "next-intl/server";
import { BottomNav, SidebarNav, type NavLabels } from "@/components/shell/nav";
import { UserMenu } from "@/components/shell/user-menu";
import { OfflineSync } from "@/components/offline/offline-sync";
import { IntentLink } from "@/components/ui/intent-link";
import { MODULE_GROUPS, MODULES } from "@/lib/modules";
import { badgeCountFor } from "./reminders/inbox";
import { requireViewer } from "@/lib/session";
import { roleLabel } from "@/lib/permissions";
import { can } from "@/lib/viewer";

export default async function CrmLayout({ children }: { children: React.ReactNode }) {
  const viewer = await requireViewer();
  const [t, locale] = await Promise.all([getTranslations(), getLocale()]);
  // not awaited: the badge is one indexed count of the materialised inbox, but after a write it first
  // recomputes the viewer's inbox, so it streams in after the page instead of holding back its first byte
  const reminders = badgeCountFor(viewer).then((count) => ({ count, label: t("reminders.badge", { count }) }));
  const modules = MODULES.filter((m) => !m.permission || can(viewer, m.permission)).map(({ key, href, group, built, primary }) => ({
    key,
    href,
    group,
    built,
    primary,
    label: t(`modules.${key}`),
    badge: key === "reminders" ? reminders : undefined,
  }));
  const navLabels: NavLabels = {
    main: t("nav.main"),
    more: t("nav.more"),
    close: t("nav.close"),
    allModules: t("nav.allModules"),
    soon: t("modules.soon"),
    groups: Object.fromEntries(MODULE_GROUPS.map((g) => [g, t(`nav.groups.${g}`)])) as NavLabels["groups"],
  };
  const userMenuLabels = {
    open: t("userMenu.open"),
    switchLocale: t("userMenu.switchLocale"),
    changePassword: t("userMenu.changePassword"),
    signOut: t("userMenu.signOut"),
    unsynced: t("offline.signOut.confirm", { count: 2 }).replace("2", "#"),
  };
  const offlineLabels = { pending: t("offline.pending", { count: 2 }).replace("2", "#"), attention: t("offline.attention", { count: 2 }).replace("2", "#") };
  return (
    <div className="min-h-dvh lg:pl-60">
      <a href="#main" className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        {t("nav.skip")}
      </a>
      <aside className="fixed inset-y-0 left-0 z-30 hidden w-60 overflow-y-auto border-r border-slate-200 bg-white px-3 py-4 lg:block">
        <IntentLink href="/" className="mb-6 flex items-center gap-2 px-3">
          <span aria-hidden className="flex size-8 items-center justify-center rounded-lg bg-brand-600 font-bold text-white">
            知
          </span>
          <span className="text-lg font-semibold">{t("app.name")}</span>
        </IntentLink>
        <SidebarNav modules={modules} labels={navLabels} />
      </aside>
      <header className="sticky top-0 z-20 flex h-14 items-center justify-between border-b border-slate-200 bg-white/95 px-4 backdrop-blur">
        <IntentLink href="/" className="flex items-center gap-2 lg:hidden">
          <span aria-hidden className="flex size-7 items-center justify-center rounded-lg bg-brand-600 text-sm font-bold text-white">
            知
          </span>
          <span className="font-semibold">{t("app.name")}</span>
        </IntentLink>
        <span className="hidden lg:block" />
        <span className="flex items-center gap-2">
          <OfflineSync userId={viewer.id} labels={offlineLabels} />
          <UserMenu name={viewer.name} roleName={roleLabel(t, { code: viewer.roleCode, name: viewer.roleName })} unitName={viewer.orgUnitName} locale={locale} labels={userMenuLabels} />
        </span>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 pt-4 pb-24 lg:px-8 lg:pb-10">
        {children}
      </main>
      <BottomNav modules={modules} labels={navLabels} />
    </div>
  );
}
