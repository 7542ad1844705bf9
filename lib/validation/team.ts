import { z } from "zod";
import { CLAIM_LIMIT_MAX, DEFAULT_CLAIM_LIMIT, POOL_DAYS_MAX } from "@/lib/pool";
import { entityId, entityIdAs, filterCursor, filterDate, filterEnum, filterUuid, optText } from "./common";
import { customerListQuerySchema } from "./customer";

/** What the team feed (工作浏览) shows: one kind of work each. */
export const FEED_KINDS = ["customer", "communication", "deal", "stage", "plan", "summary", "lesson"] as const;
export type FeedKind = (typeof FEED_KINDS)[number];

/** The feed's filters, read from the URL (a bad value is ignored). */
export const teamFeedQuerySchema = z.object({
  person: filterUuid,
  unit: filterUuid,
  kind: filterEnum(FEED_KINDS),
  from: filterDate,
  to: filterDate,
  cursor: filterCursor,
});
export type TeamFeedQuery = z.infer<typeof teamFeedQuerySchema>;

/** Items that can be commented on: the feed's kinds except lessons (a comment goes to the record's owner). */
export const COMMENT_TARGETS = ["customer", "communication", "deal", "stage", "plan", "summary"] as const;
export type CommentTarget = (typeof COMMENT_TARGETS)[number];

export const teamCommentSchema = z.object({
  targetType: z.enum(COMMENT_TARGETS, { error: "记录不存在" }),
  targetId: entityId,
  comment: z.preprocess(
    (v) => (typeof v === "string" ? v.trim() : v),
    z.string({ error: "请填写评语" }).min(1, { error: "请填写评语" }).max(1000, { error: "最多 1000 个字" }),
  ),
});

const owner = entityIdAs("负责业务员不在您的管理范围内");
const note = optText(200);

/** Move named customers (one, or a selection of up to 10,000) to one rep. */
export const assignSelectionSchema = z.object({
  ids: z.array(entityId, { error: "请选择客户" }).min(1, { error: "请选择客户" }).max(10_000, { error: "一次最多分配 10000 位客户" }),
  ownerId: owner,
  note,
});

/** Move every customer matching the customer list's filters (the same query string) to one rep. */
export const assignMatchingSchema = z.object({
  filters: customerListQuerySchema,
  ownerId: owner,
  note,
});

/** A leaver's hand-over: all of one person's customers to one or several reps (shared out in turn). */
export const handoverSchema = z.object({
  fromId: entityIdAs("交出客户的人员不存在"),
  toIds: z.array(owner, { error: "请选择接手的业务员" }).min(1, { error: "请选择接手的业务员" }).max(50, { error: "最多选择 50 位接手的业务员" }),
  note,
});

const days = z.preprocess(
  (v) => (v === "" || v == null ? null : v),
  z.coerce.number({ error: "请填写天数" }).int({ error: "请填写整数天数" }).min(1, { error: "天数至少为 1" }).max(POOL_DAYS_MAX, { error: `天数最多 ${POOL_DAYS_MAX}` }).nullable(),
);

/** 公海规则 of one unit; every day count left empty is off; all empty removes the unit's own rule. */
export const poolRuleSchema = z.object({
  orgUnitId: entityIdAs("部门不存在"),
  notContactedDays: days,
  noDealDays: days,
  claimedUntouchedDays: days,
  // left empty: the default limit
  claimLimit: z.preprocess(
    (v) => (v === "" || v == null ? DEFAULT_CLAIM_LIMIT : v),
    z.coerce.number({ error: "请填写每日领取上限" }).int({ error: "请填写整数" }).min(0, { error: "上限不能小于 0" }).max(CLAIM_LIMIT_MAX, { error: `上限最多 ${CLAIM_LIMIT_MAX}` }),
  ),
  remove: z.preprocess((v) => v === "1" || v === true || v === "on", z.boolean()).optional(),
});
export type PoolRuleInput = z.infer<typeof poolRuleSchema>;

/** The pool list's filters (URL). */
export const poolQuerySchema = z.object({ unit: filterUuid, cursor: filterCursor });
export type PoolQuery = z.infer<typeof poolQuerySchema>;
