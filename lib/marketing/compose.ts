/** The message a transport sends for one queued row: e-mail gets the unsubscribe link and headers (RFC 2369, 8058). */
import type { OutMessage } from "./transports";
import { unsubscribeUrl } from "./unsubscribe";

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function composeEmail(row: { customerId: string; toAddress: string; subject: string | null; body: string }, baseUrl: string): OutMessage {
  const url = unsubscribeUrl(baseUrl, row.customerId, "email");
  const text = `${row.body}\n\n--\n不想再收到此类邮件？退订: ${url}`;
  const html =
    `<div style="font-family:sans-serif;line-height:1.6">${esc(row.body).replace(/\r?\n/g, "<br>")}</div>` +
    `<hr><p style="font-size:12px;color:#64748b">不想再收到此类邮件？<a href="${esc(url)}">退订</a></p>`;
  return {
    to: row.toAddress,
    subject: row.subject,
    text,
    html,
    headers: { "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
  };
}

export function composeSms(row: { toAddress: string; body: string }): OutMessage {
  return { to: row.toAddress, text: row.body };
}

export function appBaseUrl(env: Record<string, string | undefined> = process.env) {
  return env.APP_URL || env.NEXTAUTH_URL || "http://localhost:3000";
}
