import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { readUnsubscribeToken } from "@/lib/marketing/unsubscribe";

type Params = { token: string };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("unsubscribe"))("title"), robots: { index: false } };
}

/**
 * 退订: the page an e-mail's unsubscribe link opens, for anyone holding the link (no sign-in; proxy.ts).
 * Opening it changes nothing (mail scanners follow links); the button posts to /api/unsubscribe/<token>,
 * which is also the List-Unsubscribe-Post one-click address.
 */
export default async function UnsubscribePage({ params, searchParams }: { params: Promise<Params>; searchParams: Promise<{ done?: string }> }) {
  const [{ token }, { done }, t] = await Promise.all([params, searchParams, getTranslations("unsubscribe")]);
  const valid = readUnsubscribeToken(decodeURIComponent(token));
  return (
    <main className="flex min-h-dvh items-center justify-center bg-slate-50 px-4 py-10">
      <div className="card w-full max-w-md space-y-4 p-6">
        <h1 className="text-xl font-semibold">{t("title")}</h1>
        {!valid ? (
          <p className="text-sm text-red-700">{t("invalid")}</p>
        ) : done ? (
          <p className="text-sm text-slate-700" role="status">
            {t(`done.${valid.channel}`)}
          </p>
        ) : (
          <form method="post" action={`/api/unsubscribe/${encodeURIComponent(token)}`} className="space-y-4">
            <p className="text-sm text-slate-700">{t(`ask.${valid.channel}`)}</p>
            <button type="submit" className="btn-primary w-full">
              {t("confirm")}
            </button>
          </form>
        )}
      </div>
    </main>
  );
}
