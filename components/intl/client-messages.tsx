import { NextIntlClientProvider } from "next-intl";
import { getMessages } from "next-intl/server";
import { pickMessages } from "@/i18n/pick";

/**
 * Gives the client components below it the message namespaces they use, and only those: the messages
 * travel in every page's HTML, and all of them were ~26 KB per page. Providers do not merge, so list
 * every namespace the client components under it call `useTranslations` with
 * (tests/unit/client-messages.test.ts checks this for every page).
 */
export async function ClientMessages({ namespaces, children }: { namespaces: readonly string[]; children: React.ReactNode }) {
  return <NextIntlClientProvider messages={pickMessages(await getMessages(), namespaces)}>{children}</NextIntlClientProvider>;
}
