/**
 * `npm run bench:audit` (PostgreSQL only: DATABASE_URL=postgres://…/db, a dedicated copy such as a copy of the
 * generated bench set): the audit log viewer (db/queries/admin.ts auditPage) over ~1,000,000 audit rows —
 * p50 / p95 of the first page and of a deep page, for the admin (who sees only the administration entries,
 * ~2% of the log) and the GM (everything), alone and filtered by person, entity, action and period.
 *
 * The rows are made here once, deterministically (a hash of the row number): 980,000 customer updates and
 * 20,000 administration entries over the last 365 days, by the database's users. The audit log is
 * append-only, so a later run reuses them (marker in app_settings).
 */
import { sql } from "drizzle-orm";
import { openPg, queryRows, type Db } from "@/db/client";
import { auditPage, type AuditFilter } from "@/db/queries/admin";
import { getUserByEmail, getViewer } from "@/db/queries/users";
import type { Viewer } from "@/lib/viewer";

process.env.NEXTAUTH_SECRET ||= "zhike-bench-secret-not-for-production";
const MARKER = "bench_audit_generated";
const RUNS = Number(process.env.BENCH_RUNS || 30);

async function generate(db: Db) {
  const [done] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from app_settings where key = ${MARKER}`);
  if (Number(done.n) > 0) return console.log("[bench:audit] audit rows already generated, reusing them");
  const t0 = performance.now();
  await db.execute(sql`
    with u as (select array_agg(id order by id) as ids from users), c as (select array_agg(id order by id) as ids from (select id from customers order by id limit 50000) x)
    insert into audit_log (id, at, actor_id, action, entity_type, entity_id, before, after, ip)
    select gen_random_uuid(),
           now() - (abs(hashtext(i::text || 't')) % (365 * 86400)) * interval '1 second',
           u.ids[1 + abs(hashtext(i::text || 'a')) % array_length(u.ids, 1)],
           case when i % 50 = 0 then (array['create','update','move','disable','reset_password'])[1 + abs(hashtext(i::text || 'x')) % 5] else 'update' end,
           case when i % 50 = 0 then (array['org_unit','user','role','dictionary_item'])[1 + abs(hashtext(i::text || 'e')) % 4] else 'customer' end,
           c.ids[1 + abs(hashtext(i::text || 'c')) % array_length(c.ids, 1)],
           jsonb_build_object('name', '旧' || i), jsonb_build_object('name', '新' || i), '10.0.0.1'
    from generate_series(1, 1000000) i, u, c`);
  await db.execute(sql`insert into app_settings (key, value) values (${MARKER}, 'true'::jsonb)`);
  await db.execute(sql`analyze audit_log`);
  console.log(`[bench:audit] 1,000,000 audit rows in ${Math.round(performance.now() - t0)} ms`);
}

function pct(xs: number[], p: number) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

async function measure(label: string, fn: () => Promise<unknown>) {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  console.log(`[bench:audit] ${label.padEnd(58)} p50 ${pct(times, 50).toFixed(1)} ms  p95 ${pct(times, 95).toFixed(1)} ms`);
}

async function deepCursor(db: Db, v: Viewer, f: AuditFilter, pages: number) {
  let after: [string, string] | null = null;
  for (let i = 0; i < pages; i++) after = (await auditPage(db, v, f, after)).next;
  return after;
}

async function main() {
  if (!process.env.DATABASE_URL) throw new Error("bench:audit needs DATABASE_URL (a dedicated PostgreSQL database)");
  const o = await openPg(process.env.DATABASE_URL);
  try {
    const db = o.db;
    await generate(db);
    const [n] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from audit_log`);
    console.log(`[bench:audit] audit_log rows: ${n.n}`);
    const who = async (email: string) => (await getViewer(db, (await getUserByEmail(db, email))!.id))!;
    const [admin, gm] = await Promise.all([who("admin@demo.cn"), who("gm@demo.cn")]);
    const someone = (await queryRows<{ id: string }>(db, sql`select actor_id as id from audit_log where actor_id is not null limit 1`))[0].id;
    const month = new Date(Date.now() - 40 * 86400_000).toISOString().slice(0, 10);
    const monthEnd = new Date(Date.now() - 10 * 86400_000).toISOString().slice(0, 10);
    const adminDeep = await deepCursor(db, admin, {}, 20);
    const gmDeep = await deepCursor(db, gm, {}, 20);
    await measure("admin: first page (administration entries only)", () => auditPage(db, admin, {}, null));
    await measure("admin: page 21", () => auditPage(db, admin, {}, adminDeep));
    await measure("admin: action = move", () => auditPage(db, admin, { action: "move" }, null));
    await measure("admin: entity = role, one month", () => auditPage(db, admin, { entityType: "role", from: month, to: monthEnd }, null));
    await measure("gm: first page (everything)", () => auditPage(db, gm, {}, null));
    await measure("gm: page 21", () => auditPage(db, gm, {}, gmDeep));
    await measure("gm: one person", () => auditPage(db, gm, { actorId: someone }, null));
    await measure("gm: entity = customer, one month", () => auditPage(db, gm, { entityType: "customer", from: month, to: monthEnd }, null));
    await measure("gm: one person, action = update, one month", () => auditPage(db, gm, { actorId: someone, action: "update", from: month, to: monthEnd }, null));
  } finally {
    await o.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
