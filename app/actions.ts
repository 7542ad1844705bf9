"use server";

import { cookies } from "next/headers";
import { z } from "zod";
import { LOCALE_COOKIE, LOCALES, type Locale } from "@/i18n/config";
import { publicAction } from "@/lib/action";

/** Switches the UI language (a cookie read by i18n/request.ts); anything unknown falls back to zh-CN. */
export const setLocaleAction = publicAction(z.tuple([z.unknown()]), async ([locale]) => {
  const value: Locale = LOCALES.find((l) => l === locale) ?? "zh-CN";
  (await cookies()).set(LOCALE_COOKIE, value, { path: "/", maxAge: 365 * 24 * 3600, sameSite: "lax" });
  return { ok: true };
});
