import { z } from "zod";
import { checkbox, failsAs, optText, optUuid, reqText } from "./common";
import { int } from "./product";

export const PROCESS_STAGE_MAX = 20;

export const processInputSchema = z.object({
  name: reqText(50, "流程名称"),
  productId: optUuid,
  description: optText(200),
  /** Start from a copy of the default process's stages (else from none; stages are added one by one). */
  copyDefault: checkbox,
});
export type ProcessInput = z.infer<typeof processInputSchema>;

export const stageInputSchema = z.object({
  name: reqText(30, "阶段名称"),
  probability: int(0, 100, "成交概率应为 0–100 的整数"),
});
export type StageInput = z.infer<typeof stageInputSchema>;

/** The version of the process an admin's edit is based on (one token for the process and its stages). */
export const processVersionSchema = int(1, 2_000_000_000, "版本无效");

/**
 * The version token an admin's edit carries, as the action pipeline reads it: a malformed token means the
 * page is stale, so it answers with the same conflict as a token someone else's change has outdated.
 */
export const processVersionToken = z.preprocess(
  (v) => {
    const r = processVersionSchema.safeParse(v);
    return r.success ? r.data : undefined;
  },
  z.custom<number>((v) => typeof v === "number", failsAs("CONFLICT", "流程已被他人修改，请刷新后重试（您的修改尚未保存）")),
);
