/** Issue 13 item 8: the three 精确营销 lessons are checked from the trainee's own data and link to the modules built here. */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { queryRows, type OpenedDb } from "@/db/client";
import { checkExercise } from "@/db/queries/training";
import { addDays, today } from "@/lib/dates";
import { moduleFor } from "@/lib/modules";
import { doExercise } from "@/lib/training/progress";
import { getLessonMeta } from "@/lib/training/lessons";
import type { Viewer } from "@/lib/viewer";
import { freshDb, viewerFor } from "./helpers";

let o: OpenedDb;
let rep2: Viewer, shRep: Viewer;

beforeAll(async () => {
  o = await freshDb();
  [rep2, shRep] = await Promise.all(["sz1.rep2@demo.cn", "sh.rep1@demo.cn"].map((e) => viewerFor(o.db, e)));
  // a clean slate for the two trainees: no manual grades, no follow-ups
  await o.db.execute(sql`update customers set value_grade_override = null, follow_up_on = null where owner_id in (${rep2.id}, ${shRep.id})`);
});
afterAll(async () => o?.close());

const ids = async (owner: string, n: number, where = sql`true`) =>
  (await queryRows<{ id: string }>(o.db, sql`select id from customers where owner_id = ${owner} and deleted_at is null and (${where}) order by id limit ${n}`)).map((r) => r.id);

describe("精确营销 lessons", () => {
  test.each(["value-customer-identification", "value-customer-management", "best-acquisition-channel"])("%s is checked from data and its module link lands on a built page", async (slug) => {
    const meta = await getLessonMeta(slug);
    expect(meta?.exercise.kind).toBe("checked");
    const m = moduleFor(meta!.module);
    expect(m?.built).toBe(true);
    expect(["/analytics/value", "/analytics/sources"]).toContain(m?.href);
  });

  test("价值客户的识别: three grades adjusted by hand — one equal to the computed grade does not count", async () => {
    expect(await checkExercise(o.db, rep2, "value-grade-overrides-3")).toEqual({ done: 0, target: 3 });
    const [a, b, c] = await ids(rep2.id, 3, sql`value_grade is distinct from 'A'`);
    await o.db.execute(sql`update customers set value_grade_override = 'A' where id in (${a}, ${b})`);
    await o.db.execute(sql`update customers set value_grade_override = value_grade where id = ${c}`);
    expect(await doExercise(o.db, rep2, "value-customer-identification")).toEqual({ done: 2, target: 3 });
    await o.db.execute(sql`update customers set value_grade_override = 'A' where id = ${c}`);
    expect(await doExercise(o.db, rep2, "value-customer-identification")).toEqual({ done: 3, target: 3 });
    // another rep's adjustments never count for this trainee
    expect((await checkExercise(o.db, shRep, "value-grade-overrides-3"))!.done).toBe(0);
  });

  test("价值客户管理: three top-grade customers with a visit booked within a month", async () => {
    const top = await ids(shRep.id, 4);
    await o.db.execute(sql`update customers set value_grade_override = 'A' where id in (${top[0]}, ${top[1]}, ${top[2]}, ${top[3]})`);
    await o.db.execute(sql`update customers set follow_up_on = ${addDays(today(), 7)} where id in (${top[0]}, ${top[1]})`);
    // a follow-up two months out is not "the coming month"
    await o.db.execute(sql`update customers set follow_up_on = ${addDays(today(), 60)} where id = ${top[2]}`);
    expect(await doExercise(o.db, shRep, "value-customer-management")).toEqual({ done: 2, target: 3 });
    await o.db.execute(sql`update customers set follow_up_on = ${today()} where id = ${top[3]}`);
    expect(await doExercise(o.db, shRep, "value-customer-management")).toEqual({ done: 3, target: 3 });
  });
});
