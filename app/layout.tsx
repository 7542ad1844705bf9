import type { Metadata, Viewport } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { LazyToaster } from "@/components/shell/lazy-toaster";
import { ServiceWorkerRegister } from "@/components/shell/sw-register";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("app");
  return {
    title: { default: t("name"), template: `%s · ${t("name")}` },
    description: t("tagline"),
    manifest: "/manifest.webmanifest",
    icons: { icon: "/icons/icon.svg", apple: "/icons/icon-192.png" },
    appleWebApp: { capable: true, title: t("name") },
  };
}

export const viewport: Viewport = { themeColor: "#0f6b6b", width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const [locale, t] = await Promise.all([getLocale(), getTranslations("app")]);
  return (
    <html lang={locale}>
      <body>
        {/* no app-wide NextIntlClientProvider: pages whose client components translate wrap them in
            <ClientMessages> with just their namespaces; the shell and the lessons get words from the server */}
        {children}
        <LazyToaster />
        <ServiceWorkerRegister labels={{ updateReady: t("updateReady"), reload: t("reload") }} />
      </body>
    </html>
  );
}
