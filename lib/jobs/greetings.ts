/**
 * 自动问候: once a company day (lib/jobs/scheduler.ts), for each sender who chose templates: a birthday
 * campaign to their customers whose birthday (solar or lunar) is today, and on 春节/端午/中秋/元旦/国庆 a
 * holiday campaign to all their customers; sent at once ("auto") or held for the sender to approve in
 * their reminder inbox or on /marketing ("approve"). The scheduler's (job, day) lock makes it once per day across servers.
 */
import type { Db } from "@/db/client";
import { HOLIDAY_NAMES, holidayOn } from "@/lib/marketing/greetings";
import { transportName } from "@/lib/marketing/transports";

export async function runGreetings(db: Db, day: string) {
  const [{ birthdayCustomerIds, createCampaign, greetingSenders, holdForApproval, templateById }, { getViewer }, { runCampaignInBackground }] = await Promise.all([
    import("@/db/queries/marketing"),
    import("@/db/queries/users"),
    import("./marketing"),
  ]);
  const holiday = holidayOn(day);
  const out = { campaigns: 0, recipients: 0, held: 0 };
  for (const { userId, settings } of await greetingSenders(db)) {
    const viewer = await getViewer(db, userId);
    if (!viewer) continue;
    const plan = [
      settings.birthday.templateId ? { kind: "birthday" as const, ...settings.birthday } : null,
      holiday && settings.holiday.templateId ? { kind: "holiday" as const, ...settings.holiday } : null,
    ];
    for (const p of plan) {
      if (!p?.templateId) continue;
      const t = await templateById(db, p.templateId);
      if (!t) continue;
      const audience =
        p.kind === "birthday"
          ? { kind: "ids" as const, ids: await birthdayCustomerIds(db, viewer, t.channel, day) }
          : { kind: "filter" as const, filters: { sort: "updated" as const, dir: "desc" as const } };
      if (audience.kind === "ids" && !audience.ids.length) continue;
      const name = `${p.kind === "birthday" ? "生日问候" : HOLIDAY_NAMES[holiday!]} ${day}`;
      try {
        const c = await createCampaign(db, viewer, { channel: t.channel, templateId: t.id, name, subject: t.subject, body: t.body, audience }, transportName(t.channel));
        out.campaigns++;
        out.recipients += c.total;
        if (p.mode === "approve") {
          await holdForApproval(db, c.id);
          out.held++;
        } else runCampaignInBackground(c.id, c.channel);
      } catch (e) {
        // nobody to greet (all opted out, no address): nothing to send today
        if (!(e instanceof Error && "code" in e && (e as { code: string }).code === "VALIDATION")) throw e;
      }
    }
  }
  if (out.campaigns) console.log(`[greetings] ${day}: ${out.campaigns} campaign(s), ${out.recipients} recipient(s), ${out.held} held for approval`);
  return out;
}
