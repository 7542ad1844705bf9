import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import { lessonProgress, orgUnits, users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import type { Viewer } from "@/lib/viewer";
import { scopeWhere } from "./scope";

export type Progress = typeof lessonProgress.$inferSelect;

export async function getProgress(db: Db, userId: string) {
  return db.select().from(lessonProgress).where(eq(lessonProgress.userId, userId));
}

async function upsert(db: Db, userId: string, slug: string, set: Partial<Progress>) {
  const [row] = await db
    .insert(lessonProgress)
    .values({ userId, slug, ...set, updatedAt: new Date() })
    .onConflictDoUpdate({ target: [lessonProgress.userId, lessonProgress.slug], set: { ...set, updatedAt: new Date() } })
    .returning();
  return row;
}

/** Only the trainee records their own progress. */
function assertSelf(viewer: Viewer, userId?: string | null) {
  if (userId && userId !== viewer.id) throw new AppError("FORBIDDEN", "只能记录自己的学习进度");
}

export async function markLessonRead(db: Db, viewer: Viewer, slug: string, userId?: string | null) {
  assertSelf(viewer, userId);
  const [existing] = await db.select().from(lessonProgress).where(and(eq(lessonProgress.userId, viewer.id), eq(lessonProgress.slug, slug)));
  if (existing?.readAt) return existing;
  return upsert(db, viewer.id, slug, { readAt: new Date() });
}

export async function recordQuizAttempt(db: Db, viewer: Viewer, slug: string, score: number, userId?: string | null) {
  assertSelf(viewer, userId);
  const [row] = await db
    .insert(lessonProgress)
    .values({ userId: viewer.id, slug, quizScore: score, quizBestScore: score, quizAttempts: 1, readAt: new Date() })
    .onConflictDoUpdate({
      target: [lessonProgress.userId, lessonProgress.slug],
      set: {
        quizScore: score,
        quizBestScore: sql`greatest(coalesce(${lessonProgress.quizBestScore}, 0), ${score})`,
        quizAttempts: sql`${lessonProgress.quizAttempts} + 1`,
        readAt: sql`coalesce(${lessonProgress.readAt}, now())`,
        updatedAt: new Date(),
      },
    })
    .returning();
  return row;
}

export async function markExerciseDone(db: Db, viewer: Viewer, slug: string, userId?: string | null) {
  assertSelf(viewer, userId);
  return upsert(db, viewer.id, slug, { exerciseDoneAt: new Date() });
}

const personalisedCampaign = (u: string, channel: "sms" | "email") =>
  sql`select (exists (select 1 from message_templates where owner_id = ${u} and channel = ${channel} and deleted_at is null and body ~ '[{][^}]+[}]')
          and exists (select 1 from campaigns c where c.owner_id = ${u} and c.channel = ${channel} and c.body ~ '[{][^}]+[}]'
                        and (select count(*) from message_sends s where s.campaign_id = c.id and s.status = 'sent') >= 5))::int n`;

/**
 * Exercises checked from the trainee's real data. Each returns [done, target] counted on their own
 * records; a key the app cannot check (its module is not built) is absent and stays self-reported.
 */
const CHECKS: Record<string, { target: number; sql: (userId: string) => ReturnType<typeof sql> }> = {
  "first-meeting-info-5": { target: 5, sql: (u) => sql`select count(*)::int n from customers where owner_id = ${u} and deleted_at is null and source_id is not null and met_on is not null` },
  "first-impression-5": { target: 5, sql: (u) => sql`select count(*)::int n from customers where owner_id = ${u} and deleted_at is null and coalesce(first_impression, '') <> ''` },
  "important-dates-5": {
    target: 5,
    sql: (u) => sql`select count(*)::int n from customers where owner_id = ${u} and deleted_at is null and (solar_birthday is not null or lunar_birth_month is not null or wedding_anniversary is not null)`,
  },
  "personality-5": { target: 5, sql: (u) => sql`select count(*)::int n from customers where owner_id = ${u} and deleted_at is null and coalesce(personality, '') <> ''` },
  "sources-10": { target: 10, sql: (u) => sql`select count(*)::int n from customers where owner_id = ${u} and deleted_at is null and source_id is not null` },
  "circles-3": {
    target: 3,
    sql: (u) => sql`select count(distinct c.id)::int n from customers c join customer_circles cc on cc.customer_id = c.id where c.owner_id = ${u} and c.deleted_at is null`,
  },
  "introducer-links-3": { target: 3, sql: (u) => sql`select count(*)::int n from customers where owner_id = ${u} and deleted_at is null and introducer_id is not null` },
  "stage-review-5": {
    target: 5,
    sql: (u) => sql`select count(distinct customer_id)::int n from customer_stage_history where changed_by = ${u} and from_stage is not null`,
  },
  "communications-5": {
    target: 5,
    sql: (u) => sql`select count(*)::int n from communications where author_id = ${u} and deleted_at is null and interest is not null and coalesce(summary, '') <> ''`,
  },
  "needs-insight-3": { target: 3, sql: (u) => sql`select count(*)::int n from communications where author_id = ${u} and deleted_at is null and coalesce(needs_insight, '') <> ''` },
  "fab-chains-3": {
    target: 3,
    sql: (u) => sql`select coalesce(max(n), 0)::int n from (select count(*) n from fab_entries where author_id = ${u} and deleted_at is null group by product_id) s`,
  },
  "advantage-analysis-1": {
    target: 1,
    sql: (u) => sql`select count(*)::int n from (select 1 from advantage_scores where author_id = ${u} and deleted_at is null group by product_id, competitor having count(distinct dimension) >= 3) s`,
  },
  "deal-summaries-2": {
    target: 2,
    sql: (u) => sql`select count(*)::int n from deals where owner_id = ${u} and deleted_at is null and status in ('won', 'lost') and coalesce(lessons_learned, '') <> '' and (coalesce(success_reasons, '') <> '' or coalesce(failure_reasons, '') <> '')`,
  },
  // 价值客户的识别: three of one's customers whose grade was set by hand to differ from the computed one
  "value-grade-overrides-3": {
    target: 3,
    sql: (u) => sql`select count(*)::int n from customers where owner_id = ${u} and deleted_at is null and value_grade_override is not null and value_grade_override is distinct from value_grade`,
  },
  // 价值客户管理: three customers of the top grade (by the rules in force, a manual grade included) with a
  // follow-up booked within the coming month
  "top-grade-follow-ups-3": {
    target: 3,
    sql: (u) => sql`select count(*)::int n from customers where owner_id = ${u} and deleted_at is null
                      and coalesce(value_grade_override, value_grade) = (select code from value_grades where deleted_at is null order by sort, code limit 1)
                      and follow_up_on between (now() at time zone 'Asia/Shanghai')::date and (now() at time zone 'Asia/Shanghai')::date + 31`,
  },
  // five customers met and then contacted at least twice afterwards (the first touches of the curve)
  "forgetting-touches-5": {
    target: 5,
    sql: (u) => sql`select count(*)::int n from (select c.id from customers c join communications m on m.customer_id = c.id and m.deleted_at is null where c.owner_id = ${u} and c.deleted_at is null and c.met_on is not null and m.contacted_at::date >= c.met_on group by c.id having count(*) >= 2) s`,
  },
  // 短信/邮件有效性 (服务营销): a template of one's own with a merge field, and a personalised campaign of
  // one's own on that channel that reached at least five customers
  "sms-personalized-campaign": { target: 1, sql: (u) => personalisedCampaign(u, "sms") },
  "email-personalized-campaign": { target: 1, sql: (u) => personalisedCampaign(u, "email") },
};

export const CHECKED_EXERCISES = Object.keys(CHECKS);

export async function checkExercise(db: Db, viewer: Viewer, key: string): Promise<{ done: number; target: number } | null> {
  const c = CHECKS[key];
  if (!c) return null;
  const [r] = await queryRows<{ n: number }>(db, c.sql(viewer.id));
  return { done: Math.min(Number(r?.n ?? 0), c.target), target: c.target };
}

/** Re-checks a data-checked exercise and records it done when the data says so. */
export async function refreshCheckedExercise(db: Db, viewer: Viewer, slug: string, key: string) {
  const r = await checkExercise(db, viewer, key);
  if (r && r.done >= r.target) {
    const [existing] = await db.select().from(lessonProgress).where(and(eq(lessonProgress.userId, viewer.id), eq(lessonProgress.slug, slug)));
    if (!existing?.exerciseDoneAt) await upsert(db, viewer.id, slug, { exerciseDoneAt: new Date() });
  }
  return r;
}

/** The people whose training a viewer follows: active users placed in the viewer's data scope. */
const inScope = (viewer: Viewer) => and(scopeWhere(viewer, { ownerId: users.id, orgUnitId: users.orgUnitId }), eq(users.active, true), isNull(users.deletedAt));
const person = { id: users.id, name: users.name, orgUnitName: orgUnits.name };

/** Everyone in the viewer's scope with their progress rows (for /training/team). */
export async function getTeamProgress(db: Db, viewer: Viewer) {
  const people = await db.select(person).from(users).innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId)).where(inScope(viewer)).orderBy(orgUnits.path, users.name).limit(1000);
  const rows = people.length ? await db.select().from(lessonProgress).where(inArray(lessonProgress.userId, people.map((p) => p.id))) : [];
  const byUser = new Map<string, Progress[]>();
  for (const r of rows) {
    const list = byUser.get(r.userId);
    if (list) list.push(r);
    else byUser.set(r.userId, [r]);
  }
  return people.map((p) => ({ ...p, progress: byUser.get(p.id) ?? [] }));
}

/** One trainee of the viewer's scope with their progress rows; out of scope is the same as not found (null). */
export async function getTraineeProgress(db: Db, viewer: Viewer, userId: string) {
  const [p] = await db.select(person).from(users).innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId)).where(and(eq(users.id, userId), inScope(viewer)));
  if (!p) return null;
  return { ...p, progress: await getProgress(db, p.id) };
}
