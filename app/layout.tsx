import type { Metadata, Viewport } from "next";
import { NextIntlClientProvider } from "next-intl";
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
  const locale = await getLocale();
  return (
    <html lang={locale}>
      <body>
        {/* locale and time zone for every client component; each page hands its own message namespaces
            to its client components with <ClientMessages>, instead of all messages in every page */}
        <NextIntlClientProvider messages={{}}>
          {children}
          <LazyToaster />
          <ServiceWorkerRegister />
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
