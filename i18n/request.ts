import { getRequestConfig } from "next-intl/server";
import { cookies } from "next/headers";
import { COMPANY_TZ } from "@/lib/dates";
import { DEFAULT_LOCALE, LOCALE_COOKIE, LOCALES, type Locale } from "./config";
import { loadMessages } from "./messages";

export default getRequestConfig(async () => {
  const c = (await cookies()).get(LOCALE_COOKIE)?.value;
  const locale: Locale = LOCALES.includes(c as Locale) ? (c as Locale) : DEFAULT_LOCALE;
  return { locale, messages: await loadMessages(locale), timeZone: COMPANY_TZ };
});
