/**
 * `npm run bench:follow-up`: p50/p95 of the follow-up module's reads on the database the environment
 * names (PGlite under DATA_DIR, default ./.data-bench-sales, or DATABASE_URL):
 *   communications overview (GM, manager), a customer's timeline, the funnel (GM, manager),
 *   the stage statistics (counts and transitions), the deal statistics (totals; per product, rep, month),
 *   the kanban (column totals and first pages; a column's next page).
 * Options: --generate N  first add N synthetic customers with 10 communications and 2 deals each
 *          (with stage history), spread over the demo company's reps — done in SQL, so it is fast;
 *          --runs R (default 30).
 */
import { sql } from "drizzle-orm";
import { migrateDb, openDb, queryRows, type Db } from "@/db/client";
import { getDealBreakdown, getDealTotals, getFunnel, getStageCounts, getStageTransitions } from "@/db/queries/analytics";
import { listCommunications } from "@/db/queries/communications";
import { getProcesses } from "@/db/queries/deals";
import { getPipelineBoard, getPipelineDeals } from "@/db/queries/pipeline";
import { getCustomerTimeline } from "@/db/queries/timeline";
import { getUserByEmail, getViewer } from "@/db/queries/users";
import { analyticsQuerySchema } from "@/lib/validation/analytics";
import { communicationListQuerySchema } from "@/lib/validation/communication";

function arg(name: string, def: number) {
  const i = process.argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return def;
  const v = process.argv[i].includes("=") ? process.argv[i].split("=")[1] : process.argv[i + 1];
  return Number(v ?? def);
}

async function generate(db: Db, n: number) {
  const t0 = performance.now();
  // customers spread over the reps (role rep/agent) with their units
  await db.execute(sql`
    insert into customers (id, name, name_pinyin, owner_id, org_unit_id, stage, kind, created_at, updated_at, search_tokens)
    select gen_random_uuid(), '压测客户' || g, 'yace' || g, r.id, r.org_unit_id,
      (array['potential','target','prospect','closed','loyal']::customer_stage[])[1 + (g % 5)], 'individual',
      now() - ((g % 700) || ' days')::interval, now() - ((g % 300) || ' hours')::interval, '{}'::text[]
    from generate_series(1, ${n}) g
    join lateral (select u.id, u.org_unit_id from users u join roles ro on ro.id = u.role_id where ro.code in ('rep','agent') and u.deleted_at is null
                  order by u.id offset (g % (select count(*) from users u2 join roles r2 on r2.id = u2.role_id where r2.code in ('rep','agent')))::int limit 1) r on true`);
  await db.execute(sql`
    insert into communications (id, customer_id, method, topic, interest, summary, contacted_at, next_follow_up, author_id, owner_id, org_unit_id)
    select gen_random_uuid(), c.id, (array['phone','visit','wechat','sms','email','meeting','other']::communication_method[])[1 + (k % 7)],
      '回访 ' || k, 1 + (k % 5), '压测纪要', now() - ((k * 37 + abs(hashtext(c.id::text)) % 500) || ' hours')::interval,
      case when k = 1 then (now() + '7 days')::date end, c.owner_id, c.owner_id, c.org_unit_id
    from customers c cross join generate_series(1, 10) k where c.name like '压测客户%'`);
  await db.execute(sql`
    insert into deals (id, customer_id, process_id, stage_id, title, status, expected_amount, probability, amount, closed_on, owner_id, org_unit_id, created_at, updated_at, stage_entered_at)
    select gen_random_uuid(), c.id, p.id, s.id, '压测交易 ' || k, st.status, ((abs(hashtext(c.id::text || k)) % 500000) + 1000)::numeric(14,2),
      s.probability, case when st.status = 'won' then ((abs(hashtext(c.id::text || k)) % 500000) + 1000)::numeric(14,2) end,
      case when st.status <> 'open' then (now() - '10 days'::interval)::date end, c.owner_id, c.org_unit_id,
      now() - ((abs(hashtext(c.id::text || k)) % 300) || ' days')::interval, now() - (k || ' hours')::interval, now() - (k || ' days')::interval
    from customers c cross join generate_series(1, 2) k
    join processes p on p.is_default
    join lateral (select case when abs(hashtext(c.id::text || k)) % 10 < 6 then 'open' when abs(hashtext(c.id::text || k)) % 10 < 8 then 'won' else 'lost' end::deal_status as status) st on true
    join lateral (select ps.id, ps.probability from process_stages ps where ps.process_id = p.id
                  order by ps.sort offset case when st.status = 'won' then 7 else abs(hashtext(c.id::text || k || 's')) % 7 end limit 1) s on true
    where c.name like '压测客户%'`);
  await db.execute(sql`
    insert into deal_stage_history (id, deal_id, from_stage_id, to_stage_id, moved_at)
    select gen_random_uuid(), d.id, lag(ps.id) over (partition by d.id order by ps.sort), ps.id, d.created_at + (ps.sort || ' days')::interval
    from deals d join process_stages cur on cur.id = d.stage_id join process_stages ps on ps.process_id = d.process_id and ps.sort <= cur.sort
    where d.title like '压测交易%'`);
  await db.execute(sql`
    insert into customer_stage_history (id, customer_id, from_stage, to_stage, changed_at)
    select gen_random_uuid(), c.id, 'potential', c.stage, now() - ((abs(hashtext(c.id::text)) % 90) || ' days')::interval
    from customers c where c.name like '压测客户%' and c.stage <> 'potential'`);
  await db.execute(sql`analyze`);
  console.log(`[bench] generated ${n} customers (+${n * 10} communications, ${n * 2} deals) in ${Math.round(performance.now() - t0)} ms`);
}

async function main() {
  if (!process.env.DATABASE_URL && !process.env.DATA_DIR) process.env.DATA_DIR = ".data-bench-sales";
  const runs = arg("runs", 30);
  const gen = arg("generate", 0);
  const opened = await openDb();
  try {
    await migrateDb(opened);
    const db = opened.db;
    const [{ n: users }] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from users`);
    if (!Number(users)) {
      const { seedDemo } = await import("@/db/seed/demo");
      await seedDemo(db);
      console.log("[bench] demo company loaded");
    }
    if (gen > 0) await generate(db, gen);
    const counts = await queryRows<{ c: number; m: number; d: number }>(
      db,
      sql`select (select count(*) from customers)::int as c, (select count(*) from communications)::int as m, (select count(*) from deals)::int as d`,
    );
    console.log(`[bench] ${opened.kind}: ${counts[0].c} customers, ${counts[0].m} communications, ${counts[0].d} deals; ${runs} runs each`);
    const viewer = async (email: string) => (await getViewer(db, (await getUserByEmail(db, email))!.id))!;
    const [gm, manager, rep] = await Promise.all([viewer("gm@demo.cn"), viewer("sz1.manager@demo.cn"), viewer("sz1.rep1@demo.cn")]);
    const def = (await getProcesses(db)).find((p) => p.isDefault)!;
    const [busy] = await queryRows<{ id: string }>(
      db,
      sql`select customer_id as id from communications where owner_id = ${rep.id} group by 1 order by count(*) desc limit 1`,
    );
    const firstPage = await getPipelineDeals(db, gm, { processId: def.id, stageId: def.stages[0].id });
    const q = communicationListQuerySchema.parse({});
    const a = analyticsQuerySchema.parse({});
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const monthStart = today.slice(0, 8) + "01";
    const cases: [string, () => Promise<unknown>][] = [
      ["communications overview (GM)", () => listCommunications(db, gm, q)],
      ["communications overview (manager)", () => listCommunications(db, manager, q)],
      ["communications overview (rep, filtered)", () => listCommunications(db, rep, communicationListQuerySchema.parse({ method: "visit", interest: "4" }))],
      ["customer timeline", () => getCustomerTimeline(db, rep, busy.id, 50)],
      ["funnel (GM)", () => getFunnel(db, gm, def.id, a)],
      ["funnel (manager)", () => getFunnel(db, manager, def.id, a)],
      ["stage counts (GM)", () => getStageCounts(db, gm, {})],
      ["stage transitions this month (GM)", () => getStageTransitions(db, gm, { from: monthStart, to: today })],
      ["deal totals, forecast vs actual (GM)", () => getDealTotals(db, gm, a)],
      ["deal statistics per product (GM)", () => getDealBreakdown(db, gm, a, "product")],
      ["deal statistics per rep (GM)", () => getDealBreakdown(db, gm, a, "owner")],
      ["deal statistics per month (GM)", () => getDealBreakdown(db, gm, a, "month")],
      ["deal statistics per rep (manager)", () => getDealBreakdown(db, manager, a, "owner")],
      ["kanban board: totals + first pages (GM)", () => getPipelineBoard(db, gm, def, {})],
      ["kanban board (manager)", () => getPipelineBoard(db, manager, def, {})],
      ["kanban board (rep)", () => getPipelineBoard(db, rep, def, {})],
      ["kanban column, next page (GM)", () => getPipelineDeals(db, gm, { processId: def.id, stageId: def.stages[0].id, cursor: firstPage.nextCursor ?? undefined })],
    ];
    const out: { case: string; p50: string; p95: string }[] = [];
    for (const [name, fn] of cases) {
      for (let i = 0; i < 3; i++) await fn();
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        await fn();
        times.push(performance.now() - t);
      }
      times.sort((x, y) => x - y);
      const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))].toFixed(1);
      out.push({ case: name, p50: `${pct(50)} ms`, p95: `${pct(95)} ms` });
      console.log(`  ${name.padEnd(42)} p50 ${pct(50).padStart(8)} ms   p95 ${pct(95).padStart(8)} ms`);
    }
  } finally {
    await opened.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
