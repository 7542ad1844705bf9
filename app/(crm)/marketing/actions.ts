"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import {
  audienceSample,
  campaignProgress,
  countAudience,
  createCampaign,
  decideApproval,
  deleteTemplate,
  getCampaign,
  previewFor,
  recordOptOut,
  removeOptOut,
  retryFailed,
  saveGreetingSettings,
  saveTemplate,
} from "@/db/queries/marketing";
import { runCampaignInBackground } from "@/lib/jobs/marketing";
import { action } from "@/lib/action";
import { transportName } from "@/lib/marketing/transports";
import { entityId, optEntityId } from "@/lib/validation/common";
import { audienceSchema, campaignInputSchema, channelSchema, templateInputSchema } from "@/lib/validation/marketing";

export const saveTemplateAction = action(z.tuple([optEntityId, templateInputSchema]), async ([id, input], { db, viewer, ip }) => {
  const row = await saveTemplate(db, viewer, id, input, ip);
  revalidatePath("/marketing");
  return { ok: true, data: { id: row.id } };
});

export const deleteTemplateAction = action(z.tuple([entityId]), async ([id], { db, viewer, ip }) => {
  await deleteTemplate(db, viewer, id, ip);
  revalidatePath("/marketing");
  return { ok: true };
});

/** The counts shown before sending, and the first recipients for the preview's picker. */
export const audienceAction = action(z.tuple([channelSchema, audienceSchema]), async ([channel, audience], { db, viewer }) => {
  const [counts, sample] = await Promise.all([countAudience(db, viewer, channel, audience), audienceSample(db, viewer, channel, audience, 20)]);
  return { ok: true, data: { counts, sample: sample.map((r) => ({ id: r.id, name: r.name, address: channel === "sms" ? r.mobile : r.email })) } };
});

const text = (max: number) => z.string({ error: "参数无效" }).max(max, { error: `最多 ${max} 个字` });

export const previewAction = action(z.tuple([text(4000), text(200).nullable(), z.array(entityId).max(20)]), async ([body, subject, ids], { db, viewer }) => {
  return { ok: true, data: await previewFor(db, viewer, body, subject, ids) };
});

export const startCampaignAction = action(z.tuple([campaignInputSchema]), async ([input], { db, viewer, ip }) => {
  const c = await createCampaign(db, viewer, input, transportName(input.channel), ip);
  runCampaignInBackground(c.id, c.channel);
  revalidatePath("/marketing");
  return { ok: true, data: { id: c.id } };
});

export const campaignProgressAction = action(z.tuple([entityId]), async ([id], { db, viewer }) => {
  const c = await getCampaign(db, viewer, id);
  return { ok: true, data: { status: c.status, total: c.total, progress: await campaignProgress(db, c.id) } };
});

export const retryFailedAction = action(z.tuple([entityId, z.boolean({ error: "参数无效" })]), async ([id, includeUncertain], { db, viewer, ip }) => {
  const n = await retryFailed(db, viewer, id, includeUncertain, ip);
  const c = await getCampaign(db, viewer, id);
  if (n) runCampaignInBackground(c.id, c.channel);
  revalidatePath(`/marketing/campaigns/${id}`);
  return { ok: true, data: n };
});

/** 退订 recorded by hand on the profile (回T退订 replies), or withdrawn. */
export const setOptOutAction = action(z.tuple([entityId, channelSchema, z.boolean({ error: "参数无效" })]), async ([customerId, channel, optedOut], { db, viewer, ip }) => {
  if (optedOut) await recordOptOut(db, customerId, channel, "manual", viewer, ip);
  else await removeOptOut(db, viewer, customerId, channel, ip);
  revalidatePath(`/customers/${customerId}`);
  return { ok: true };
});

const greetingPart = z.object({ templateId: optEntityId, mode: z.enum(["auto", "approve"], { message: "请选择发送方式" }) });

export const saveGreetingsAction = action(z.tuple([z.object({ birthday: greetingPart, holiday: greetingPart })]), async ([s], { db, viewer, ip }) => {
  await saveGreetingSettings(db, viewer, { birthday: { templateId: s.birthday.templateId ?? null, mode: s.birthday.mode }, holiday: { templateId: s.holiday.templateId ?? null, mode: s.holiday.mode } }, ip);
  revalidatePath("/marketing");
  return { ok: true };
});

/** 待确认的问候: send it, or discard it (from /marketing or the reminder inbox). */
export const decideApprovalAction = action(z.tuple([entityId, z.boolean({ error: "参数无效" })]), async ([id, send], { db, viewer, ip }) => {
  const c = await decideApproval(db, viewer, id, send, ip);
  if (send) runCampaignInBackground(c.id, c.channel);
  // shown on /marketing and in the reminder inbox (its kind 待确认的问候, and the badge): every page
  revalidatePath("/", "layout");
  return { ok: true };
});
