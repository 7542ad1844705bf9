/**
 * `npm run reminders:digest`: e-mails each active user their open reminders of today (每日提醒摘要) over
 * SMTP_URL (e.g. smtps://user:pass@smtp.example.com:465), from MAIL_FROM, with links to APP_URL (or
 * NEXTAUTH_URL). Run it once a day from cron; it also sends a Web Push to users who opted in.
 * PGlite: only one process may open the folder, so stop the app or point it at PostgreSQL.
 */
import { openDb } from "@/db/client";
import { sendDailyDigests, transportFromEnv } from "@/lib/notify/digest";
import { pushDailySummaries } from "@/lib/notify/push";
import { today as companyToday } from "@/lib/dates";

async function main() {
  const transport = await transportFromEnv();
  const o = await openDb();
  try {
    const today = companyToday();
    const baseUrl = process.env.APP_URL || process.env.NEXTAUTH_URL || "http://localhost:3000";
    if (transport) {
      const r = await sendDailyDigests(o.db, transport, { today, baseUrl, from: process.env.MAIL_FROM || "知客 CRM <noreply@zhike.local>" });
      console.log(`[digest] ${today}: ${r.sent} sent, ${r.skipped} with nothing to send, ${r.failed.length} failed`);
      for (const f of r.failed) console.error(`[digest] ${f.email}: ${f.error}`);
      transport.close();
    } else console.log("[digest] SMTP_URL is not set: no e-mail");
    const p = await pushDailySummaries(o.db, today);
    console.log(`[push] ${p.sent} sent, ${p.removed} expired subscriptions removed, ${p.failed} failed`);
  } finally {
    await o.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
