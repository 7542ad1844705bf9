import { z } from "zod";
import { TODO_QUADRANTS } from "@/lib/todos";
import { communicationInputSchema } from "./communication";
import { customerCardSchema, customerInputSchema } from "./customer";
import { planCompletionSchema } from "./plans";
import { todoInputSchema } from "./todos";

/**
 * What a phone sends to /api/sync (issue #11): its queued mutations, each with its own id (the idempotency key
 * in sync_mutations) and the final id of the record it creates or changes. The data of each kind is checked
 * by the SAME schema as the online form — see syncDataSchemas.
 */
export const SYNC_MUTATION_KINDS = ["customer.create", "customer.update", "communication.create", "todo.create", "todo.move", "todo.done", "plan.complete"] as const;
export type SyncMutationKind = (typeof SYNC_MUTATION_KINDS)[number];

export const SYNC_COLLECTIONS = ["customers", "communications", "deals", "todos", "plans", "products", "reminders", "lessons"] as const;
export type SyncCollection = (typeof SYNC_COLLECTIONS)[number];

/** The most mutations one push carries; the phone sends its outbox in batches of this size. */
export const SYNC_BATCH_MAX = 50;

const uuid = z.string({ error: "记录编号无效" }).regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { error: "记录编号无效" });

const mutation = z.object({
  id: uuid,
  kind: z.enum(SYNC_MUTATION_KINDS, { error: "不支持的离线操作" }),
  entityId: uuid,
  baseVersion: z.number({ error: "版本无效" }).int({ error: "版本无效" }).min(1, { error: "版本无效" }).max(2 ** 31 - 1, { error: "版本无效" }).optional(),
  data: z.record(z.string(), z.unknown(), { error: "提交的数据格式无效" }),
});
export type SyncMutation = z.infer<typeof mutation>;

export const syncPushSchema = z.object({
  mutations: z.array(mutation, { error: "提交的数据格式无效" }).min(1, { error: "没有要同步的内容" }).max(SYNC_BATCH_MAX, { error: `每次最多同步 ${SYNC_BATCH_MAX} 条` }),
});

/** A card edit may name only the card's fields: anything else is refused, never silently dropped. */
const cardPatch = z
  .record(z.string(), z.unknown())
  .superRefine((v, ctx) => {
    const allowed = new Set(Object.keys(customerCardSchema.shape));
    for (const k of Object.keys(v)) if (!allowed.has(k)) ctx.addIssue({ code: "custom", path: [k], message: "该字段不能离线修改" });
  })
  .pipe(customerCardSchema);

export const syncDataSchemas = {
  "customer.create": customerInputSchema,
  "customer.update": cardPatch,
  "communication.create": communicationInputSchema,
  "todo.create": todoInputSchema,
  "todo.move": z.object({ quadrant: z.enum(TODO_QUADRANTS, { error: "请选择象限" }) }),
  "todo.done": z.object({ done: z.boolean({ error: "参数无效" }) }),
  "plan.complete": planCompletionSchema,
} satisfies Record<SyncMutationKind, z.ZodType>;

/** An instant as the server wrote it into a cursor: ISO (since) or PostgreSQL's text form to the microsecond (afterT). */
const isoTime = z
  .string({ error: "同步位置无效" })
  .regex(/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}(:?\d{2})?)$/, { error: "同步位置无效" });

/** The pull's query: which collection, and where the previous answer said to continue (opaque to the phone). */
export const syncPullQuerySchema = z.object({
  collection: z.enum(SYNC_COLLECTIONS, { error: "不支持的同步内容" }),
  since: isoTime.optional(),
  afterT: isoTime.optional(),
  afterId: uuid.optional(),
  limit: z.coerce.number({ error: "参数无效" }).int().min(1).max(10_000).optional(),
});
