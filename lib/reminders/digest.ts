import { REMINDER_GROUPS, type Reminder } from "./engine";

/** Chinese labels for the e-mail (the digest is written in the product's default language). */
const GROUP = { today: "今日任务", plan: "计划提醒", business: "商务提醒" } as const;
const KIND: Record<Reminder["kind"], string> = {
  today_task: "今日任务",
  plan: "计划",
  greeting_approval: "待确认的问候",
  solar_birthday: "公历生日",
  lunar_birthday: "农历生日",
  anniversary: "结婚纪念日",
  custom_date: "重要日子",
  follow_up: "下次跟进",
  deal_expected: "预计成交",
  forgetting_touch: "渐忘曲线回访",
};

const when = (d: number) => (d === 0 ? "今天" : d === 1 ? "明天" : d > 1 ? `${d} 天后` : `逾期 ${-d} 天`);

function line(r: Reminder) {
  const extra =
    r.detail.type === "lunar"
      ? `农历${r.detail.lunar}`
      : r.detail.type === "custom"
        ? r.detail.label
        : r.detail.type === "follow_up"
          ? r.detail.topic
          : r.detail.type === "touch"
            ? `记忆保持约 ${Math.round(r.detail.retention * 100)}%`
            : "";
  return { when: when(r.daysUntil), text: `${KIND[r.kind]}：${r.title}${extra ? `（${extra}）` : ""}`, date: r.dueOn, href: r.href };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/**
 * 每日提醒摘要: subject, plain text and HTML of one user's open reminders, grouped like the inbox. Links
 * are absolute (baseUrl) so they work from a mail client. Returns null when there is nothing to send.
 */
export function buildDigest(p: { userName: string; today: string; reminders: Reminder[]; baseUrl: string }) {
  const open = p.reminders.filter((r) => r.status === "open");
  if (!open.length) return null;
  const base = p.baseUrl.replace(/\/$/, "");
  const groups = REMINDER_GROUPS.map((g) => ({ g, items: open.filter((r) => r.group === g).map(line) })).filter((x) => x.items.length);
  const subject = `【知客】${p.today} 提醒摘要：${open.length} 条待处理`;
  const text = [
    `${p.userName}，您好：`,
    "",
    `今天（${p.today}）有 ${open.length} 条提醒待处理。`,
    ...groups.flatMap(({ g, items }) => ["", `${GROUP[g]}（${items.length}）`, ...items.map((i) => `- [${i.when}] ${i.text} ${i.date}  ${base}${i.href}`)]),
    "",
    `打开提醒：${base}/reminders`,
  ].join("\n");
  const html = `<!doctype html><html lang="zh-CN"><body style="font-family:sans-serif;line-height:1.6;color:#0f172a">
<p>${esc(p.userName)}，您好：</p><p>今天（${esc(p.today)}）有 <strong>${open.length}</strong> 条提醒待处理。</p>
${groups
  .map(
    ({ g, items }) =>
      `<h2 style="font-size:16px;margin:16px 0 4px">${GROUP[g]}（${items.length}）</h2><ul>${items
        .map((i) => `<li><strong>${esc(i.when)}</strong> <a href="${esc(base + i.href)}">${esc(i.text)}</a> <span style="color:#64748b">${esc(i.date)}</span></li>`)
        .join("")}</ul>`,
  )
  .join("\n")}
<p><a href="${esc(base)}/reminders">打开提醒</a></p></body></html>`;
  return { subject, text, html, count: open.length };
}
