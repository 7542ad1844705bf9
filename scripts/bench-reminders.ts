/**
 * `npm run bench:reminders`: for a rep holding ~2,000 customers and a manager whose scope holds ~20,000,
 * prints p50 / p95 over repeated runs of
 *   - computing the reminders over the whole scope (db/queries/reminders getInbox: scoped reads + engine),
 *     what every page paid for the badge before the inbox was materialised;
 *   - the materialised inbox (db/queries/reminder-inbox.ts): the badge (one indexed count), the inbox read,
 *     the recompute of one person's inbox after a write, and a manager's team digest.
 *
 * Target: PGlite under BENCH_DATA_DIR (default .data-bench-reminders, created fresh) or, with
 * DATABASE_URL=postgres://…/db, that PostgreSQL database (use a dedicated one: it is migrated, seeded
 * with the demo company and filled once; later runs reuse the data).
 *
 * Data is made here, deterministically (every choice a hash of the row number, never random()):
 * 2,000 customers for sz1.rep1, 18,000 more in 深圳业务一部 (sz1.rep2), 20,000 in 深圳业务二部 that the
 * manager must never read; ~5 communications per customer (10% with a next follow-up), an open deal for
 * one in four, a custom date for one in twenty; birthdays solar, lunar (some 闰月, some 三十) and weddings.
 */
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { isEmpty, migrateDb, openPg, openPglite, queryRows, type Db, type OpenedDb } from "@/db/client";
import { getUserByEmail, getViewer } from "@/db/queries/users";
import { getInbox } from "@/db/queries/reminders";
import { countOpenInbox, readInbox, refreshInbox, teamDigest } from "@/db/queries/reminder-inbox";
import { reminderOwners } from "@/db/schema";
import { eq } from "drizzle-orm";
import { seedDemo } from "@/db/seed/demo";
import { today as companyToday } from "@/lib/dates";

process.env.NEXTAUTH_SECRET ||= "zhike-bench-secret-not-for-production";
const MARKER = "bench_reminders_generated";
const RUNS = Number(process.env.BENCH_RUNS || 30);

async function open(): Promise<OpenedDb> {
  if (process.env.DATABASE_URL) return openPg(process.env.DATABASE_URL);
  const dir = path.resolve(process.env.BENCH_DATA_DIR || ".data-bench-reminders");
  fs.mkdirSync(dir, { recursive: true });
  return openPglite({ dir });
}

async function one<T extends Record<string, unknown>>(db: Db, q: ReturnType<typeof sql>) {
  return (await queryRows<T>(db, q))[0];
}

async function generate(db: Db) {
  const [done] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from app_settings where key = ${MARKER}`);
  if (Number(done.n) > 0) return console.log("[bench:reminders] data already generated, reusing it");
  const t0 = performance.now();
  const u = async (email: string) => one<{ id: string; unit: string }>(db, sql`select id, org_unit_id as unit from users where email = ${email}`);
  const [rep1, rep2, sz2] = await Promise.all([u("sz1.rep1@demo.cn"), u("sz1.rep2@demo.cn"), u("sz2.rep1@demo.cn")]);
  const stage = await one<{ pid: string; sid: string }>(db, sql`select p.id as pid, s.id as sid from processes p join process_stages s on s.process_id = p.id order by p.is_default desc, s.sort limit 1`);
  // h(i, k): a deterministic pseudo-random integer per row and purpose
  const h = (k: string) => sql.raw(`abs(hashtext(i::text || '${k}'))`);
  for (const [owner, from, to] of [
    [rep1, 1, 2000],
    [rep2, 2001, 20000],
    [sz2, 20001, 40000],
  ] as const) {
    await db.execute(sql`
      insert into customers (id, name, name_pinyin, owner_id, org_unit_id, kind, met_on, solar_birthday, lunar_birth_month, lunar_birth_day, lunar_birth_leap, wedding_anniversary, created_at, updated_at)
      select gen_random_uuid(), '客户' || i, 'kehu' || i, ${owner.id}::uuid, ${owner.unit}::uuid, 'individual',
        current_date - (${h("met")} % 730)::int,
        case when ${h("sb")} % 10 < 5 then date '1960-01-01' + (${h("sbd")} % 15000)::int end,
        case when ${h("lb")} % 10 < 2 then 1 + ${h("lm")} % 12 end,
        case when ${h("lb")} % 10 < 2 then 1 + ${h("ld")} % 30 end,
        ${h("lb")} % 10 < 2 and ${h("leap")} % 20 = 0,
        case when ${h("w")} % 10 < 2 then date '1990-01-01' + (${h("wd")} % 12000)::int end,
        now() - interval '800 days', now()
      from generate_series(${from}::int, ${to}::int) i`);
  }
  // 200,000 records in one statement: the per-row touch trigger is off, and the customers' counters, last
  // contact and open follow-up are then worked out set-wise (as db:generate does)
  await db.execute(sql`alter table communications disable trigger communications_touch_insert`);
  await db.execute(sql`
    insert into communications (id, customer_id, method, topic, contacted_at, next_follow_up, owner_id, org_unit_id, author_id)
    select gen_random_uuid(), c.id, 'phone', '电话回访', now() - ((abs(hashtext(c.name || g::text)) % 700) || ' days')::interval,
      case when abs(hashtext(c.name || g::text || 'f')) % 10 = 0 then current_date + (abs(hashtext(c.name || g::text || 'fd')) % 40 - 30)::int end,
      c.owner_id, c.org_unit_id, c.owner_id
    from customers c, generate_series(1, 5) g where c.name like '客户%'`);
  await db.execute(sql`alter table communications enable trigger communications_touch_insert`);
  await db.execute(sql`
    update customers c set contact_count = s.n, last_contact_at = s.last
      from (select customer_id, count(*)::int n, max(contacted_at) last from communications where deleted_at is null group by 1) s
     where s.customer_id = c.id and c.name like '客户%'`);
  await db.execute(sql`select zhike_refresh_follow_ups()`);
  await db.execute(sql`
    insert into deals (id, customer_id, process_id, stage_id, title, status, expected_date, owner_id, org_unit_id)
    select gen_random_uuid(), c.id, ${stage.pid}::uuid, ${stage.sid}::uuid, '商机 ' || c.name, 'open', current_date + (abs(hashtext(c.name || 'd')) % 120 - 30)::int, c.owner_id, c.org_unit_id
    from customers c where c.name like '客户%' and abs(hashtext(c.name || 'deal')) % 4 = 0`);
  await db.execute(sql`
    insert into customer_dates (id, customer_id, label, date, recurring)
    select gen_random_uuid(), c.id, '公司周年庆', date '2000-01-01' + (abs(hashtext(c.name || 'cd')) % 9000)::int, true
    from customers c where c.name like '客户%' and abs(hashtext(c.name || 'cdate')) % 20 = 0`);
  await db.execute(sql`insert into app_settings (key, value) values (${MARKER}, ${JSON.stringify({ at: new Date().toISOString() })}::jsonb)`);
  await db.execute(sql`vacuum analyze`);
  const n = await one<{ c: number; m: number; d: number }>(db, sql`select (select count(*)::int from customers) c, (select count(*)::int from communications) m, (select count(*)::int from deals) d`);
  console.log(`[bench:reminders] generated in ${Math.round(performance.now() - t0)} ms: ${n.c} customers, ${n.m} communications, ${n.d} deals`);
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

async function main() {
  const o = await open();
  const target = o.kind === "pglite" ? `PGlite ${process.env.BENCH_DATA_DIR || ".data-bench-reminders"}` : `PostgreSQL ${new URL(process.env.DATABASE_URL!).pathname.slice(1)}`;
  console.log(`[bench:reminders] ${target}`);
  try {
    await migrateDb(o);
    if (await isEmpty(o.db)) await seedDemo(o.db);
    await generate(o.db);
    const today = companyToday();
    for (const [label, email] of [
      ["rep (sz1.rep1)", "sz1.rep1@demo.cn"],
      ["manager (sz1.manager)", "sz1.manager@demo.cn"],
    ] as const) {
      const v = await getViewer(o.db, (await getUserByEmail(o.db, email))!.id);
      const scope = await one<{ n: number }>(
        o.db,
        v!.dataScope === "self"
          ? sql`select count(*)::int n from customers where owner_id = ${v!.id} and deleted_at is null`
          : sql`select count(*)::int n from customers where org_unit_id = any(${sql.param(v!.unitIds)}::uuid[]) and deleted_at is null`,
      );
      const time = async (fn: () => Promise<unknown>) => {
        for (let i = 0; i < 3; i++) await fn();
        const times: number[] = [];
        for (let i = 0; i < RUNS; i++) {
          const t = performance.now();
          await fn();
          times.push(performance.now() - t);
        }
        return `p50 ${pct(times, 50).toFixed(1).padStart(6)} ms · p95 ${pct(times, 95).toFixed(1).padStart(6)} ms`;
      };
      const size = (await getInbox(o.db, v!, today)).reminders.length;
      const own = (await readInbox(o.db, v!, today)).reminders.length;
      console.log(`  ${label} · scope ${scope.n} customers · ${RUNS} runs`);
      console.log(`    computed over the scope (${String(size).padStart(5)} reminders)   ${await time(() => getInbox(o.db, v!, today))}`);
      console.log(`    badge: one indexed count              ${await time(() => countOpenInbox(o.db, v!, today))}`);
      console.log(`    own inbox read (${String(own).padStart(5)} reminders)        ${await time(() => readInbox(o.db, v!, today))}`);
      console.log(
        `    recompute after a write                ${await time(async () => {
          await o.db.update(reminderOwners).set({ staleSeq: sql`${reminderOwners.staleSeq} + 1` }).where(eq(reminderOwners.ownerId, v!.id));
          await refreshInbox(o.db, v!.id, today);
        })}`,
      );
      if (v!.dataScope !== "self") console.log(`    team digest                            ${await time(() => teamDigest(o.db, v!, today))}`);
    }
  } finally {
    await o.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
