import { z } from "zod";
import { optDate, optInt, optText, reqText } from "./common";

export const METHODS = ["phone", "visit", "wechat", "sms", "email", "meeting", "other"] as const;
export type CommunicationMethod = (typeof METHODS)[number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * 交流时间 as typed in a datetime-local input ("2026-11-26T14:30", China time) or a full ISO instant.
 * A wall-clock time without an offset is read as Asia/Shanghai (UTC+8, no daylight saving).
 */
export function parseContactTime(s: string): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(s);
  const d = m ? new Date(`${m[1]}T${m[2]}:${m[3]}:${m[4] ?? "00"}+08:00`) : /[zZ]|[+-]\d{2}:\d{2}$/.test(s) ? new Date(s) : null;
  if (!d || Number.isNaN(d.getTime())) return null;
  if (m) {
    // reject 2026-02-30T10:00 (Date would roll it over)
    const back = new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16);
    if (back !== `${m[1]}T${m[2]}:${m[3]}`) return null;
  }
  return d;
}

/** The China-time calendar day of an instant, yyyy-mm-dd. */
export const chinaDay = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

export const communicationInputSchema = z
  .object({
    customerId: z.preprocess((v) => (v === "" ? undefined : v), z.string({ error: "请选择客户" }).regex(UUID, { error: "请选择客户" })),
    contactName: optText(50),
    companyName: optText(100),
    method: z.enum(METHODS, { error: "请选择交流方式" }),
    topic: reqText(100, "交流主题"),
    purpose: optText(200),
    interest: optInt(1, 5, "兴趣程度应为 1–5"),
    summary: optText(4000),
    needsInsight: optText(2000),
    contactedAt: z.preprocess(
      (v) => (v === "" || v == null ? undefined : v),
      z
        .string({ error: "请填写交流时间" })
        .max(40, { error: "交流时间格式不正确" })
        .transform((s, ctx) => {
          const d = parseContactTime(s.trim());
          if (!d) {
            ctx.addIssue({ code: "custom", message: "交流时间格式不正确" });
            return z.NEVER;
          }
          return d;
        }),
    ),
    nextFollowUp: optDate,
  })
  .superRefine((c, ctx) => {
    const now = Date.now();
    if (c.contactedAt.getTime() > now + 10 * 60_000) ctx.addIssue({ code: "custom", path: ["contactedAt"], message: "交流时间不能晚于现在" });
    if (c.contactedAt.getTime() < Date.UTC(2000, 0, 1)) ctx.addIssue({ code: "custom", path: ["contactedAt"], message: "交流时间太早" });
    if (c.nextFollowUp && c.nextFollowUp < chinaDay(c.contactedAt))
      ctx.addIssue({ code: "custom", path: ["nextFollowUp"], message: "下次跟进日期不能早于交流日期" });
  });

export type CommunicationInput = z.infer<typeof communicationInputSchema>;

const optUuidQ = z.string().regex(UUID).optional().catch(undefined);
const optDayQ = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((s) => !Number.isNaN(new Date(s + "T00:00:00Z").getTime()))
  .optional()
  .catch(undefined);

export const communicationListQuerySchema = z.object({
  owner: optUuidQ,
  unit: optUuidQ,
  customer: optUuidQ,
  from: optDayQ,
  to: optDayQ,
  method: z.enum(METHODS).optional().catch(undefined),
  interest: z.coerce.number().int().min(1).max(5).optional().catch(undefined),
  stage: z.enum(["potential", "target", "prospect", "closed", "loyal"]).optional().catch(undefined),
  cursor: z.string().max(500).optional().catch(undefined),
});
export type CommunicationListQuery = z.infer<typeof communicationListQuerySchema>;

/** "Now" as a China-time datetime-local value, yyyy-mm-ddThh:mm. */
export const chinaNowLocal = (now = new Date()) => new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 16);
