"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useTransition } from "react";
import { readNotificationsAction } from "@/app/(crm)/team/actions";
import { toast } from "@/lib/toast";

type Note = { id: string; kind: string; title: string; body: string | null; href: string | null; at: string; atLabel: string; readAt: string | null };

/** 消息通知 at the top of the reminder inbox: comments on one's work, customers given or taken. */
export function NotificationList({ items }: { items: Note[] }) {
  const t = useTranslations("team.notifications");
  const router = useRouter();
  const [pending, start] = useTransition();
  const unread = items.filter((n) => !n.readAt).length;
  if (!items.length) return null;
  const read = (id: string | null) =>
    start(async () => {
      const r = await readNotificationsAction(id);
      if (r.ok) router.refresh();
      else toast.error(r.error ?? "");
    });
  return (
    <section className="card p-4" aria-labelledby="notes-title">
      <div className="flex items-center justify-between gap-2">
        <h2 id="notes-title" className="text-base font-semibold">
          {t("title")}
          {unread > 0 && <span className="ml-2 rounded-full bg-brand-600 px-2 py-0.5 text-xs text-white">{t("unread", { n: unread })}</span>}
        </h2>
        {unread > 0 && (
          <button type="button" className="btn-secondary min-h-9 px-3 text-sm" disabled={pending} onClick={() => read(null)}>
            {t("readAll")}
          </button>
        )}
      </div>
      <ul className="mt-2 divide-y divide-slate-100">
        {items.map((n) => (
          <li key={n.id} className={`py-2 text-sm ${n.readAt ? "text-slate-500" : ""}`}>
            <div className="flex items-start justify-between gap-2">
              <div className="min-w-0">
                {n.href ? (
                  <Link href={n.href} className="font-medium text-brand-700 hover:underline" onClick={() => !n.readAt && read(n.id)}>
                    {n.title}
                  </Link>
                ) : (
                  <span className="font-medium">{n.title}</span>
                )}
                {n.body && <p className="mt-0.5 whitespace-pre-line text-slate-700">{n.body}</p>}
              </div>
              <time className="shrink-0 text-xs text-slate-500" dateTime={n.at}>
                {n.atLabel}
              </time>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
