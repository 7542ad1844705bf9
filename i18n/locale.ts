import { cookies } from "next/headers";
import { DEFAULT_LOCALE, LOCALE_COOKIE, LOCALES, type Locale } from "./config";

/** The locale a NEXT_LOCALE cookie value names; anything else is the default (Chinese). */
export const localeFrom = (value: string | undefined): Locale => (LOCALES.includes(value as Locale) ? (value as Locale) : DEFAULT_LOCALE);

/**
 * The locale of the current request, decided exactly as next-intl's getLocale() decides it (i18n/request.ts
 * uses localeFrom on the same cookie), but usable wherever next/headers is — server actions, route handlers,
 * and tests that provide the request by hand. Outside a request it is the default.
 */
export async function requestLocale(): Promise<Locale> {
  try {
    return localeFrom((await cookies()).get(LOCALE_COOKIE)?.value);
  } catch {
    return DEFAULT_LOCALE;
  }
}
