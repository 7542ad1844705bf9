import { and, eq, sql } from "drizzle-orm";
import type { Transporter } from "nodemailer";
import type { Db } from "@/db/client";
import { readInbox } from "@/db/queries/reminder-inbox";
import { getViewer } from "@/db/queries/users";
import { users } from "@/db/schema";
import { buildDigest } from "@/lib/reminders/digest";

/** SMTP transport from SMTP_URL (e.g. smtps://user:pass@smtp.example.com:465); null when not configured. */
export async function transportFromEnv(env: Record<string, string | undefined> = process.env): Promise<Transporter | null> {
  if (!env.SMTP_URL) return null;
  const nodemailer = await import("nodemailer");
  return nodemailer.createTransport(env.SMTP_URL);
}

export type DigestResult = { sent: number; skipped: number; failed: { email: string; error: string }[] };

/**
 * 每日提醒摘要: one e-mail per active user with an address and open reminders, read from that user's
 * materialised inbox (the same one they see). A failure for one user does not stop the others.
 */
export async function sendDailyDigests(db: Db, transport: Transporter, opts: { today: string; baseUrl: string; from: string; only?: string[] }): Promise<DigestResult> {
  const rows = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(and(eq(users.active, true), opts.only?.length ? sql`${users.email} = any(${sql.param(opts.only)}::text[])` : undefined));
  const out: DigestResult = { sent: 0, skipped: 0, failed: [] };
  for (const u of rows) {
    const viewer = await getViewer(db, u.id);
    if (!viewer) {
      out.skipped++;
      continue;
    }
    const { reminders } = await readInbox(db, viewer, opts.today);
    const d = buildDigest({ userName: viewer.name, today: opts.today, reminders, baseUrl: opts.baseUrl });
    if (!d) {
      out.skipped++;
      continue;
    }
    try {
      await transport.sendMail({ from: opts.from, to: u.email, subject: d.subject, text: d.text, html: d.html, textEncoding: "base64" });
      out.sent++;
    } catch (e) {
      out.failed.push({ email: u.email, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return out;
}
