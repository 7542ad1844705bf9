import { getRequestConfig } from "next-intl/server";
import { cookies } from "next/headers";
import { COMPANY_TZ } from "@/lib/dates";
import { LOCALE_COOKIE } from "./config";
import { localeFrom } from "./locale";
import { loadMessages } from "./messages";

export default getRequestConfig(async () => {
  const locale = localeFrom((await cookies()).get(LOCALE_COOKIE)?.value);
  return { locale, messages: await loadMessages(locale), timeZone: COMPANY_TZ };
});
