import { z } from "zod";
import { customerListQuerySchema } from "./customer";
import { entityId, optEntityId, optText, reqText } from "./common";

export const channelSchema = z.enum(["sms", "email"], { message: "请选择短信或邮件" });

export const templateInputSchema = z
  .object({
    channel: channelSchema,
    name: reqText(50, "模板名称"),
    subject: optText(200),
    body: reqText(4000, "内容"),
  })
  .superRefine((v, ctx) => {
    if (v.channel === "email" && !v.subject) ctx.addIssue({ code: "custom", path: ["subject"], message: "请填写邮件主题" });
  });
export type TemplateInput = z.infer<typeof templateInputSchema>;

/** Who a campaign goes to: the customer list's filters, or customers picked by hand (at most 500 ids). */
export const audienceSchema = z.union([
  z.object({ kind: z.literal("filter"), filters: customerListQuerySchema }),
  z.object({ kind: z.literal("ids"), ids: z.array(entityId).min(1, "请至少选择一位客户").max(500, "手工挑选最多 500 位客户") }),
]);
export type Audience = z.infer<typeof audienceSchema>;

export const campaignInputSchema = z
  .object({
    channel: channelSchema,
    templateId: optEntityId,
    name: reqText(50, "群发名称"),
    subject: optText(200),
    body: reqText(4000, "内容"),
    audience: audienceSchema,
  })
  .superRefine((v, ctx) => {
    if (v.channel === "email" && !v.subject) ctx.addIssue({ code: "custom", path: ["subject"], message: "请填写邮件主题" });
  });
export type CampaignInput = z.infer<typeof campaignInputSchema>;
