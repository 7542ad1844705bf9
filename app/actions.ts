"use server";

import { cookies } from "next/headers";
import { LOCALE_COOKIE, LOCALES, type Locale } from "@/i18n/config";

/** Switches the UI language (a cookie read by i18n/request.ts); anything unknown falls back to zh-CN. */
export async function setLocaleAction(locale: string) {
  const value: Locale = LOCALES.includes(locale as Locale) ? (locale as Locale) : "zh-CN";
  (await cookies()).set(LOCALE_COOKIE, value, { path: "/", maxAge: 365 * 24 * 3600, sameSite: "lax" });
}
