import { z } from "zod";
import { IMPORT_FIELD_KEYS } from "@/lib/import/fields";
import { MAX_IMPORT_BYTES } from "@/lib/import/read";
import { entityId, isUuid, optUuid } from "./common";

export const IMPORT_POLICIES = ["skip", "update", "create"] as const;

/** The upload: one file (its content is checked by lib/import/read.ts). */
export const importUploadSchema = z.object({
  file: z
    .custom<File>((v) => typeof File !== "undefined" && v instanceof File && v.size > 0, { error: "请选择要导入的文件" })
    .refine((f) => f.size < MAX_IMPORT_BYTES, { error: "文件不能超过 50 MB，请拆分成多个文件后分别导入" }),
});

const column = z.object({ index: z.coerce.number().int().min(0).max(500), field: z.union([z.enum(IMPORT_FIELD_KEYS as [string, ...string[]]), z.literal("")]) });
const choice = z.object({
  key: z.string().max(200),
  // "create" | "ignore" | the id of an existing item to map the value to
  action: z.string().refine((v) => v === "create" || v === "ignore" || isUuid(v), { error: "选择无效" }),
});

/** The mapping form: column → field, the duplicate policy, the owner and what to do with new dictionary values. */
export const importCheckSchema = z
  .object({
    id: entityId,
    cols: z.array(column).max(200).default([]),
    policy: z.enum(IMPORT_POLICIES, { error: "请选择重复客户的处理方式" }),
    ownerId: optUuid,
    dict: z.array(choice).max(200).default([]),
  })
  .transform((v) => ({
    id: v.id,
    policy: v.policy,
    ownerId: v.ownerId,
    mapping: Object.fromEntries(v.cols.filter((c) => c.field).map((c) => [String(c.index), c.field])),
    dictChoices: Object.fromEntries(
      v.dict.map((d) => [d.key, d.action === "create" || d.action === "ignore" ? { action: d.action } : { action: "map" as const, id: d.action }]),
    ) as Record<string, { action: "create" | "map" | "ignore"; id?: string }>,
  }));
