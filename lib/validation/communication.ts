import { z } from "zod";
import { COMMUNICATION_METHODS } from "@/lib/communications";
import { fromLocal, toDateString } from "@/lib/dates";
import { CUSTOMER_STAGES } from "@/lib/stages";
import { filterCursor, filterDate, filterEnum, filterUuid, optDate, optInt, optText, reqText } from "./common";


const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * 交流时间 as typed in a datetime-local input ("2026-11-26T14:30", on the company's wall clock) or a full
 * ISO instant. A date or time that does not exist (2026-02-30T10:00) is null, not rolled over.
 */
export function parseContactTime(s: string): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2})?)$/.exec(s);
  if (m) return fromLocal(m[1], m[2]);
  if (!/[zZ]|[+-]\d{2}:\d{2}$/.test(s)) return null;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d;
}

export const communicationInputSchema = z
  .object({
    customerId: z.preprocess((v) => (v === "" ? undefined : v), z.string({ error: "请选择客户" }).regex(UUID, { error: "请选择客户" })),
    contactName: optText(50),
    companyName: optText(100),
    method: z.enum(COMMUNICATION_METHODS, { error: "请选择交流方式" }),
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
    if (c.nextFollowUp && c.nextFollowUp < toDateString(c.contactedAt))
      ctx.addIssue({ code: "custom", path: ["nextFollowUp"], message: "下次跟进日期不能早于交流日期" });
  });

export type CommunicationInput = z.infer<typeof communicationInputSchema>;

/** The overview's filters, read from the URL: a bad value is ignored (see lib/validation/common.ts). */
export const communicationListQuerySchema = z.object({
  owner: filterUuid,
  unit: filterUuid,
  customer: filterUuid,
  from: filterDate,
  to: filterDate,
  method: filterEnum(COMMUNICATION_METHODS),
  interest: z.preprocess((v) => (Array.isArray(v) ? v[0] : v), z.coerce.number().int().min(1).max(5).optional().catch(undefined)),
  stage: filterEnum(CUSTOMER_STAGES),
  cursor: filterCursor,
});
export type CommunicationListQuery = z.infer<typeof communicationListQuerySchema>;
