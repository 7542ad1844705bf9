/**
 * `npm run db:generate -- --customers 100000 --communications 1000000 --deals 200000 --seed 1`
 *
 * Deterministic large data for benchmarks, on top of the demo company (seeded first when the database
 * is empty): extra units, managers and reps (so that reps hold ~2,000 customers each and 深圳业务一部's
 * subtree ~20% of all customers), customers generated in JS with the real pinyin/search-token functions
 * and inserted in multi-row batches, communications, deals and their stage history generated in SQL
 * (INSERT … SELECT over generate_series, every choice a hash of the row number and the seed — never
 * random()), owner/unit always the customer's. Ends with VACUUM ANALYZE.
 *
 * Order of work: the customers' skeleton (number, id, stage, created_at) goes into a scratch table
 * first; the communication and deal generators are pure functions of it, so each customer's last
 * contact and 12-month revenue (→ value grade) can be aggregated before the customer rows are written.
 * Updating 100k customers afterwards would rewrite every row and its ~80 search-token GIN entries.
 *
 * Runs on PGlite (DATA_DIR) and PostgreSQL (DATABASE_URL). Refuses to run twice on one database.
 */
import { sql, type SQL } from "drizzle-orm";
import { isEmpty, migrateDb, openDb, queryRows, type Db } from "@/db/client";
import * as s from "@/db/schema";
import * as D from "@/db/seed/data";
import { seedDemo } from "@/db/seed/demo";
import { DAY_MS, mulberry32, uuid7At, type Rng } from "@/db/seed/random";
import { hashPassword } from "@/lib/password";
import { buildSearchTokens, namePinyin } from "@/lib/search-tokens";
import { CUSTOMER_STAGES } from "@/lib/stages";
import { arg, count, describeTarget, loadAppSecret, ms, run } from "./_db";

const MARKER = "bench_generated";
const BATCH = 1000;

type Opts = { customers: number; communications: number; deals: number; seed: number };

function options(): Opts {
  const num = (name: string, dflt: number) => {
    const v = arg(name);
    const n = v === undefined ? dflt : Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, got ${v}`);
    return n;
  };
  return { customers: num("customers", 100_000), communications: num("communications", 1_000_000), deals: num("deals", 200_000), seed: num("seed", 1) };
}

run(async () => {
  const opts = options();
  console.log(`[db:generate] ${describeTarget()} — ${JSON.stringify(opts)}`);
  loadAppSecret();
  const t0 = performance.now();
  const opened = await openDb();
  const { db } = opened;
  try {
    await migrateDb(opened);
    if (await isEmpty(db)) {
      const t = performance.now();
      await seedDemo(db);
      console.log(`[db:generate] empty database: demo company seeded (${ms(t)})`);
    }
    const [done] = await queryRows<{ value: unknown }>(db, sql`select value from app_settings where key = ${MARKER}`);
    if (done) {
      console.log(`[db:generate] this database already holds generated data ${JSON.stringify(done.value)}; delete it (PGlite folder / dropdb) to generate again`);
      return;
    }
    const now = Date.now();
    const world = await loadWorld(db);
    const reps = await addTeam(db, world, opts, now);
    const g = new Generators(world, opts, now);
    await generateCustomers(db, world, reps, g);
    await generateCommunications(db, g);
    await generateDeals(db, g);
    await finish(db, opts, now);
    const counts = await Promise.all(["users", "customers", "communications", "deals", "deal_stage_history", "customer_stage_history"].map(async (x) => `${x} ${await count(db, x)}`));
    console.log(`[db:generate] done in ${ms(t0)}: ${counts.join(", ")}`);
  } finally {
    await opened.close();
  }
});

// ---------------------------------------------------------------- what the demo company already has

type World = Awaited<ReturnType<typeof loadWorld>>;

async function loadWorld(db: Db) {
  const units = await db.select({ id: s.orgUnits.id, name: s.orgUnits.name, path: s.orgUnits.path, parentId: s.orgUnits.parentId }).from(s.orgUnits);
  const roles = await db.select({ id: s.roles.id, code: s.roles.code }).from(s.roles);
  const users = await db.select({ id: s.users.id, email: s.users.email, orgUnitId: s.users.orgUnitId, passwordHash: s.users.passwordHash }).from(s.users);
  const dict = await db.select({ id: s.dictionaryItems.id, kind: s.dictionaryItems.kind, label: s.dictionaryItems.label, parentId: s.dictionaryItems.parentId }).from(s.dictionaryItems);
  const products = await db.select({ id: s.products.id, name: s.products.name, price: s.products.price }).from(s.products);
  const [process] = await db.select({ id: s.processes.id }).from(s.processes).where(sql`${s.processes.isDefault}`).limit(1);
  if (!process) throw new Error("no default process: is this a Zhike database?");
  const stages = await queryRows<{ id: string; sort: number; probability: number }>(
    db,
    sql`select id, sort, probability from process_stages where process_id = ${process.id} order by sort`,
  );
  const mobiles = new Set((await queryRows<{ mobile: string }>(db, sql`select mobile from customers where mobile is not null`)).map((r) => r.mobile));
  const unit = (name: string) => units.find((u) => u.name === name);
  const dictOf = (kind: string) => dict.filter((d) => d.kind === kind);
  const role = (code: string) => roles.find((r) => r.code === code)!.id;
  return { units, users, unit, dictOf, role, products, process: process.id, stages, mobiles };
}

// ---------------------------------------------------------------- more units, managers and reps

type Rep = { id: string; orgUnitId: string; city: string[]; weight: number };

/** Extra sales units: [name, parent (existing or earlier in this list), kind, cities]. */
const EXTRA_UNITS: [string, string, "branch" | "department" | "agent", string[]][] = [
  ["深圳业务三部", "华南分公司", "department", ["深圳"]],
  ["广州业务部", "华南分公司", "department", ["广州"]],
  ["佛山业务部", "华南分公司", "department", ["佛山"]],
  ["上海业务二部", "华东分公司", "department", ["上海"]],
  ["杭州业务部", "华东分公司", "department", ["杭州"]],
  ["苏州业务部", "华东分公司", "department", ["苏州"]],
  ["南京业务部", "华东分公司", "department", ["南京"]],
  ["华北分公司", "总公司", "branch", ["北京"]],
  ["北京业务一部", "华北分公司", "department", ["北京"]],
  ["北京业务二部", "华北分公司", "department", ["北京"]],
  ["天津业务部", "华北分公司", "department", ["天津"]],
  ["华中分公司", "总公司", "branch", ["武汉"]],
  ["武汉业务部", "华中分公司", "department", ["武汉"]],
  ["长沙业务部", "华中分公司", "department", ["长沙"]],
  ["西南分公司", "总公司", "branch", ["成都"]],
  ["成都业务部", "西南分公司", "department", ["成都"]],
  ["重庆业务部", "西南分公司", "department", ["重庆"]],
  ["代理商·佛山", "总公司", "agent", ["佛山"]],
  ["代理商·惠州", "总公司", "agent", ["深圳", "东莞"]],
];
const DEMO_UNIT_CITIES: Record<string, string[]> = { 深圳业务一部: ["深圳", "深圳", "深圳", "东莞", "广州"], 深圳业务二部: ["深圳", "深圳", "佛山"], 上海业务部: ["上海", "上海", "苏州", "杭州"], "代理商·东莞": ["东莞"] };
const DEMO_REPS: [email: string, unit: string][] = [
  ["sz1.rep1@demo.cn", "深圳业务一部"],
  ["sz1.rep2@demo.cn", "深圳业务一部"],
  ["sz2.rep1@demo.cn", "深圳业务二部"],
  ["sh.rep1@demo.cn", "上海业务部"],
  ["dg.agent1@demo.cn", "代理商·东莞"],
];

/**
 * One rep per ~2,000 customers; 深圳业务一部 (the demo's sz1.manager) gets a fifth of them with even
 * weights, the other units share the rest with uneven weights (some reps hold ~1,000, some ~3,000).
 */
async function addTeam(db: Db, world: World, opts: Opts, now: number): Promise<Rep[]> {
  const t = performance.now();
  const rng = mulberry32(opts.seed * 7919 + 1);
  const id = () => uuid7At(now - 400 * DAY_MS + Math.floor(rng() * 30 * DAY_MS), rng);
  const passwordHash = world.users[0]?.passwordHash ?? (await hashPassword(D.DEMO_PASSWORD));
  const unitRows: s.NewOrgUnit[] = [];
  const known = new Map(world.units.map((u) => [u.name, { id: u.id, path: u.path }]));
  for (const [i, [name, parent, kind]] of EXTRA_UNITS.entries()) {
    const p = known.get(parent)!;
    const uid = id();
    known.set(name, { id: uid, path: `${p.path}${uid}/` });
    unitRows.push({ id: uid, parentId: p.id, kind, name, path: `${p.path}${uid}/`, sort: 100 + i });
  }
  const totalReps = Math.max(DEMO_REPS.length, Math.round(opts.customers / 2000));
  const sz1Reps = Math.max(2, Math.round(totalReps * 0.2));
  const reps: Rep[] = DEMO_REPS.map(([email, unit]) => ({ id: world.users.find((u) => u.email === email)!.id, orgUnitId: known.get(unit)!.id, city: DEMO_UNIT_CITIES[unit], weight: 1 }));
  const userRows: s.NewUser[] = [];
  const names = new Set<string>();
  let seq = 0;
  const addUser = (role: "rep" | "agent" | "manager", unit: string) => {
    let name = "";
    do name = personName(rng, rng() < 0.6 ? "male" : "female");
    while (names.has(name));
    names.add(name);
    const uid = id();
    seq++;
    userRows.push({
      id: uid,
      email: `bench.${role}${String(seq).padStart(4, "0")}@demo.cn`,
      name,
      passwordHash,
      roleId: world.role(role),
      orgUnitId: known.get(unit)!.id,
      mobile: `1370000${String(seq).padStart(4, "0")}`,
      locale: "zh-CN",
    });
    return uid;
  };
  for (let k = 2; k < sz1Reps; k++) reps.push({ id: addUser("rep", "深圳业务一部"), orgUnitId: known.get("深圳业务一部")!.id, city: DEMO_UNIT_CITIES["深圳业务一部"], weight: 1 });
  // every extra unit gets a manager (its subtree is their scope) and its share of the other reps
  for (const [name, , kind] of EXTRA_UNITS) if (kind !== "agent") addUser("manager", name);
  const salesUnits = [...EXTRA_UNITS.filter(([, , kind]) => kind !== "branch").map(([name, , kind, cities]) => ({ name, kind, cities })), { name: "深圳业务二部", kind: "department", cities: DEMO_UNIT_CITIES["深圳业务二部"] }, { name: "上海业务部", kind: "department", cities: DEMO_UNIT_CITIES["上海业务部"] }, { name: "代理商·东莞", kind: "agent", cities: ["东莞"] }];
  const others = totalReps - reps.length;
  for (let k = 0, made = 0; made < others; k++) {
    const u = salesUnits[k % salesUnits.length];
    // the demo reps of those units fill their first slot
    if (k < salesUnits.length && ["深圳业务二部", "上海业务部", "代理商·东莞"].includes(u.name)) continue;
    reps.push({ id: addUser(u.kind === "agent" ? "agent" : "rep", u.name), orgUnitId: known.get(u.name)!.id, city: u.cities, weight: 0.5 + (k % 5) * 0.25 });
    made++;
  }
  // the sz1 share: a fifth of the customers however uneven the others are
  const sz1 = known.get("深圳业务一部")!.id;
  const otherWeight = reps.filter((r) => r.orgUnitId !== sz1).reduce((a, r) => a + r.weight, 0);
  const sz1Count = reps.filter((r) => r.orgUnitId === sz1).length;
  for (const r of reps) if (r.orgUnitId === sz1) r.weight = (otherWeight * 0.25) / sz1Count;
  await db.transaction(async (tx) => {
    await tx.insert(s.orgUnits).values(unitRows);
    for (let i = 0; i < userRows.length; i += 500) await tx.insert(s.users).values(userRows.slice(i, i + 500));
  });
  console.log(`[db:generate] team: +${unitRows.length} units, +${userRows.length} users; ${reps.length} reps own the new customers (${ms(t)})`);
  return reps;
}

// ---------------------------------------------------------------- customers (JS, batched)

/** Surnames and given names drawn with a skew, so 王/李/张 and 伟/芳 are as common as in life. */
function personName(rng: Rng, gender: "male" | "female") {
  const surname = rng() < 0.02 ? D.COMPOUND_SURNAMES[Math.floor(rng() * D.COMPOUND_SURNAMES.length)] : D.SURNAMES[Math.floor(D.SURNAMES.length * rng() ** 2)];
  const given = gender === "male" ? D.GIVEN_MALE : D.GIVEN_FEMALE;
  return surname + given[Math.floor(given.length * rng() ** 1.5)];
}

const pickOf = <T>(rng: Rng, xs: readonly T[]) => xs[Math.floor(rng() * xs.length)];
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const STAGE_MIX: [s.CustomerStage, number][] = [["potential", 0.3], ["target", 0.27], ["prospect", 0.18], ["closed", 0.17], ["loyal", 0.08]];

type Spec = { owner: number; createdMs: number; kind: "individual" | "company"; company: number; stage: s.CustomerStage; n: number; id: string };

/** Who owns what, when it was created and its stage; companies come with 1–3 contact people. */
function customerSpecs(reps: Rep[], opts: Opts, now: number) {
  const rng = mulberry32(opts.seed * 104_729 + 2);
  const totalWeight = reps.reduce((a, r) => a + r.weight, 0);
  const cumulative = reps.map(((acc) => (r: Rep) => (acc += r.weight / totalWeight))(0));
  const stageOf = () => {
    const u = rng();
    let acc = 0;
    return STAGE_MIX.find(([, p]) => (acc += p) > u)?.[0] ?? "potential";
  };
  const specs: Spec[] = [];
  while (specs.length < opts.customers) {
    const u = rng();
    const owner = Math.min(reps.length - 1, cumulative.findIndex((c) => u < c));
    // over three years, more of them recent (the business grows)
    const createdMs = now - Math.floor(rng() ** 1.3 * 3 * 365 * DAY_MS) - 3600_000;
    const stage = stageOf();
    if (rng() < 0.07 && specs.length + 2 <= opts.customers) {
      const company = specs.length;
      specs.push({ owner, createdMs, kind: "company", company: -1, stage, n: 0, id: "" });
      const contacts = Math.min(opts.customers - specs.length, 1 + Math.floor(rng() * 3));
      for (let k = 0; k < contacts; k++)
        specs.push({ owner, createdMs: Math.min(now - 60_000, createdMs + Math.floor(rng() * 20 * DAY_MS)), kind: "individual", company, stage, n: 0, id: "" });
    } else specs.push({ owner, createdMs, kind: "individual", company: -1, stage, n: 0, id: "" });
  }
  for (const sp of specs) sp.id = uuid7At(sp.createdMs, rng);
  // n = creation order: rows are written in it, as a real table fills up
  const order = specs.map((_, i) => i).sort((a, b) => specs[a].createdMs - specs[b].createdMs || a - b);
  order.forEach((i, k) => (specs[i].n = k + 1));
  return { specs, order };
}

async function generateCustomers(db: Db, world: World, reps: Rep[], g: Generators) {
  const { opts, now } = g;
  const t = performance.now();
  const { specs, order } = customerSpecs(reps, opts, now);

  // 1. the skeleton the SQL generators work from (won_n numbers the customers at 成交/忠诚)
  await db.execute(sql`drop table if exists bench_customers`);
  await db.execute(sql`create unlogged table bench_customers (n int primary key, id uuid not null, stage text not null, created_at timestamptz not null, won_n int)`);
  let won = 0;
  for (let k = 0; k < order.length; k += 5000) {
    const values = order.slice(k, k + 5000).map((i) => {
      const sp = specs[i];
      const closed = sp.stage === "closed" || sp.stage === "loyal";
      return sql`(${sp.n}, ${sp.id}, ${sp.stage}, ${new Date(sp.createdMs).toISOString()}::timestamptz, ${closed ? ++won : null})`;
    });
    await db.execute(sql`insert into bench_customers (n, id, stage, created_at, won_n) values ${sql.join(values, sql`, `)}`);
  }
  await db.execute(sql`create unique index bench_customers_won_idx on bench_customers (won_n) where won_n is not null`);
  await db.execute(sql`analyze bench_customers`);
  g.wonCustomers = won;

  // 2. what the generators will produce, aggregated per customer
  const ta = performance.now();
  const lastContact = new Map<number, number>();
  const contactCount = new Map<number, number>();
  if (opts.communications)
    for (const r of await queryRows<{ n: number; last: number; c: number }>(
      db,
      sql`select b.n, (extract(epoch from max(x.at)) * 1000)::float8 as last, count(*)::int as c ${g.commSource(1, opts.communications)} group by b.n`,
    )) {
      lastContact.set(Number(r.n), Math.round(Number(r.last)));
      contactCount.set(Number(r.n), Number(r.c));
    }
  const revenue = new Map<number, number>();
  if (opts.deals)
    for (const r of await queryRows<{ n: number; revenue: string }>(
      db,
      sql`select b.n, sum(x.amount)::text as revenue ${g.dealSource(1, opts.deals)}
          where x.status = 'won' and x.closed > (${g.nowTs} at time zone 'Asia/Shanghai')::date - 365 group by b.n`,
    ))
      revenue.set(Number(r.n), Number(r.revenue));
  const grades = (await queryRows<{ code: string; min: string }>(db, sql`select code, min_revenue::text as min from value_grades order by min_revenue desc`)).map((x) => ({ code: x.code, min: Number(x.min) }));
  console.log(`[db:generate]   last contact of ${lastContact.size} and revenue of ${revenue.size} customers worked out (${ms(ta)})`);

  // 3. the rows, each from its own PRNG so the data does not depend on batch boundaries
  const dict = {
    source: world.dictOf("source"),
    city: world.dictOf("city"),
    credit: world.dictOf("credit_grade").map((d) => d.label),
  };
  const cityByLabel = new Map(dict.city.map((c) => [c.label, c]));
  const industryByLabel = new Map(world.dictOf("industry").map((c) => [c.label, c.id]));
  const recentByOwner = new Map<number, string[]>();
  const companyNames = new Map<number, string>();

  const makeRow = (sp: Spec, i: number): s.NewCustomer => {
    const r = mulberry32((opts.seed * 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca77));
    const rep = reps[sp.owner];
    const cityLabel = r() < 0.85 ? pickOf(r, rep.city) : pickOf(r, dict.city).label;
    const city = cityByLabel.get(cityLabel)!;
    const suffix = pickOf(r, D.COMPANY_SUFFIX);
    const last = lastContact.get(sp.n);
    const updatedMs = Math.max(Math.min(now - 60_000, sp.createdMs + Math.floor(r() * (now - sp.createdMs))), last ?? 0);
    const grade = grades.find((x) => (revenue.get(sp.n) ?? 0) >= x.min)?.code ?? null;
    const common = {
      id: sp.id,
      industryId: industryByLabel.get(D.SUFFIX_INDUSTRY[suffix])!,
      regionId: city.parentId!,
      cityId: city.id,
      stage: sp.stage,
      sourceId: pickOf(r, dict.source).id,
      metOn: iso(sp.createdMs - Math.floor(r() * 30) * DAY_MS),
      creditGrade: sp.stage === "closed" || sp.stage === "loyal" || r() < 0.1 ? pickOf(r, dict.credit) : null,
      valueGrade: grade,
      ownerId: rep.id,
      orgUnitId: rep.orgUnitId,
      lastContactAt: last ? new Date(last) : null,
      contactCount: contactCount.get(sp.n) ?? 0,
      createdBy: rep.id,
      updatedBy: rep.id,
      createdAt: new Date(sp.createdMs),
      updatedAt: new Date(updatedMs),
    };
    if (sp.kind === "company") {
      const name = `${cityLabel}${pickOf(r, D.COMPANY_CORE)}${pickOf(r, D.COMPANY_CORE)}${suffix}`;
      companyNames.set(i, name);
      return {
        ...common,
        kind: "company",
        name,
        namePinyin: namePinyin(name),
        landline: `${D.CITY_INFO[cityLabel].area}-${Math.floor(r() * 9e7 + 1e7)}`,
        address: `${cityLabel}市${pickOf(r, D.CITY_INFO[cityLabel].streets)}${Math.floor(r() * 400) + 1}号`,
        companySize: pickOf(r, D.COMPANY_SIZES),
        searchTokens: buildSearchTokens({ name }),
      };
    }
    const gender = r() < 0.56 ? "male" : "female";
    const name = personName(r, gender);
    const py = namePinyin(name);
    const companyName = sp.company >= 0 ? companyNames.get(sp.company)! : r() < 0.6 ? `${cityLabel}${pickOf(r, D.COMPANY_CORE)}${suffix}` : null;
    // unique mobile: i ↦ i·48271 + c is a bijection on 0…10⁹−1 (48271 is prime to 10)
    let mobile: string | null = `1${"356789"[Math.floor(r() * 6)]}${String((i * 48_271 + opts.seed * 7_777_777) % 1_000_000_000).padStart(9, "0")}`;
    if (world.mobiles.has(mobile)) mobile = null;
    const email = r() < 0.4 ? `${py}${Math.floor(r() * 1000)}@${pickOf(r, D.MAIL_HOSTS)}` : null;
    const wechat = r() < 0.3 ? `${py}_${Math.floor(r() * 10000)}` : null;
    const recent = recentByOwner.get(sp.owner) ?? [];
    const birthYear = 1960 + Math.floor(r() * 40);
    const lunar = r() < 0.15;
    return {
      ...common,
      kind: "individual",
      name,
      namePinyin: py,
      companyId: sp.company >= 0 ? specs[sp.company].id : null,
      companyName,
      title: companyName ? pickOf(r, D.TITLES) : null,
      mobile,
      email,
      wechat,
      gender,
      address: r() < 0.5 ? `${cityLabel}市${pickOf(r, D.CITY_INFO[cityLabel].streets)}${Math.floor(r() * 400) + 1}号` : null,
      // an introducer is someone the same rep met earlier
      introducerId: recent.length && r() < 0.15 ? pickOf(r, recent) : null,
      firstImpression: r() < 0.3 ? pickOf(r, D.IMPRESSIONS) : null,
      solarBirthday: r() < 0.4 ? `${birthYear}-${String(1 + Math.floor(r() * 12)).padStart(2, "0")}-${String(1 + Math.floor(r() * 28)).padStart(2, "0")}` : null,
      lunarBirthMonth: lunar ? 1 + Math.floor(r() * 12) : null,
      lunarBirthDay: lunar ? 1 + Math.floor(r() * 29) : null,
      nativePlace: r() < 0.3 ? pickOf(r, D.NATIVE_PLACES)[0] : null,
      maritalStatus: r() < 0.5 ? pickOf(r, ["married", "married", "single"] as const) : "unknown",
      personality: r() < 0.2 ? pickOf(r, D.PERSONALITIES) : null,
      searchTokens: buildSearchTokens({ name, companyName, mobile, email, wechat }),
    };
  };

  let tb = performance.now();
  for (let k = 0; k < order.length; k += BATCH) {
    const batch = order.slice(k, k + BATCH);
    const rows = batch.map((i) => makeRow(specs[i], i));
    batch.forEach((i, j) => {
      if (rows[j].kind !== "individual") return;
      const list = recentByOwner.get(specs[i].owner) ?? [];
      list.push(specs[i].id);
      if (list.length > 50) list.shift();
      recentByOwner.set(specs[i].owner, list);
    });
    await db.insert(s.customers).values(rows);
    if ((k / BATCH) % 10 === 9 || k + BATCH >= order.length) {
      console.log(`[db:generate]   customers ${Math.min(k + BATCH, order.length)}/${order.length} (${ms(tb)})`);
      tb = performance.now();
    }
  }
  // the stage path each customer walked, evenly spread from creation to its last update
  await db.execute(sql`
    insert into customer_stage_history (id, customer_id, from_stage, to_stage, changed_at, changed_by, reason)
    select ${uuidSql(sql`c.created_at + (c.updated_at - c.created_at) * k / 5`, sql`md5(b.n::text || ':sh:' || k || ':' || ${opts.seed})`)},
           c.id, case when k > 0 then (enum_range(null::customer_stage))[k] end, (enum_range(null::customer_stage))[k + 1],
           c.created_at + (c.updated_at - c.created_at) * k / 5, c.owner_id, case when k = 0 then '新建客户' end
    from bench_customers b
    join customers c on c.id = b.id
    cross join lateral generate_series(0, array_position(enum_range(null::customer_stage), c.stage) - 1) k`);
  // some 人脉圈 memberships
  const circles = world.dictOf("circle").map((c) => c.id);
  await db.execute(sql`
    insert into customer_circles (customer_id, circle_id)
    select b.id, (${sql.param(circles)}::uuid[])[1 + ${hx(sql`md5(b.n::text || ':cc:' || ${opts.seed})`, 0)} % ${circles.length}]
    from bench_customers b where ${hx(sql`md5(b.n::text || ':cc:' || ${opts.seed})`, 1)} % 10 = 0
    on conflict do nothing`);
  console.log(`[db:generate] customers: ${opts.customers} inserted, ${won} closed/loyal (${ms(t)})`);
}

// ---------------------------------------------------------------- SQL helpers: hashing the row number

/** 28 bits (0…268,435,455) of an md5 hex string `h`, slice `k` (0–3): a deterministic "random" int. */
function hx(h: SQL, k: number): SQL {
  return sql`(('x' || substr(${h}, ${sql.raw(String(1 + 7 * k))}, 7))::bit(28)::int)`;
}
/** The same as a fraction in [0, 1). */
function hu(h: SQL, k: number): SQL {
  return sql`(${hx(h, k)}::float8 / 268435456.0)`;
}
/** A UUIDv7 for timestamp `ts` with random bits from md5 `h`. */
function uuidSql(ts: SQL, h: SQL): SQL {
  return sql`(lpad(to_hex(floor(extract(epoch from ${ts}) * 1000)::bigint), 12, '0') || '7' || substr(${h}, 1, 3) || '8' || substr(${h}, 4, 3) || substr(${h}, 7, 12))::uuid`;
}

/**
 * The communication and deal generators as SQL "sources" (FROM … clauses over generate_series and the
 * bench_customers skeleton). The same source feeds the per-customer aggregates computed before the
 * customers are written and the INSERTs afterwards, so both see exactly the same rows.
 */
class Generators {
  wonCustomers = 0;
  readonly nowTs: SQL;
  constructor(
    readonly world: World,
    readonly opts: Opts,
    readonly now: number,
  ) {
    this.nowTs = sql`${new Date(now).toISOString()}::timestamptz`;
  }

  /** Rows i = from…to: g (i, h), b (the customer), x (at: contacted at, sp: stage position, tpl: template). */
  commSource(from: number, to: number): SQL {
    const { opts, nowTs } = this;
    const t = sql`md5(g.i::text || ':t:' || ${opts.seed})`;
    const stages = CUSTOMER_STAGES;
    const offsets = stages.map((st) => COMM_TEMPLATES.findIndex((x) => x.stage === st));
    const lengths = stages.map((st) => COMM_TEMPLATES.filter((x) => x.stage === st).length);
    return sql`
      from (select i, md5(i::text || ':comm:' || ${opts.seed}) as h from generate_series(${from}::int, ${to}::int) i) g
      -- older customers (small n) collect more conversations: n = 1 + N·u^1.3
      join bench_customers b on b.n = 1 + floor(${opts.customers} * power(${hu(sql`g.h`, 0)}, 1.3))::int
      cross join lateral (
        -- a day between the customer's creation and now, at office hours (08:30–20:30 China time)
        select least(${nowTs} - interval '1 minute', greatest(b.created_at,
                 (((b.created_at + (${nowTs} - b.created_at) * ${hu(t, 0)}) at time zone 'Asia/Shanghai')::date
                   + make_interval(mins => 510 + ${hx(t, 2)} % 720)) at time zone 'Asia/Shanghai')) as at,
               array_position(${sql.param(stages)}::text[], b.stage) as sp,
               (${sql.param(offsets)}::int[])[array_position(${sql.param(stages)}::text[], b.stage)] + 1
                 + ${hx(t, 1)} % (${sql.param(lengths)}::int[])[array_position(${sql.param(stages)}::text[], b.stage)] as tpl
      ) x`;
  }

  /**
   * Rows i = from…to: g (i, h, roll), b (the customer), x (status, p: product, st: stage, expected,
   * amount, created, closed, entered). 30% won (only customers at 成交/忠诚), 15% lost, 55% open with
   * more of them in the early stages.
   */
  dealSource(from: number, to: number): SQL {
    const { opts, nowTs, world, wonCustomers } = this;
    const h = sql`g.h`;
    const dt = sql`md5(g.i::text || ':dt:' || ${opts.seed})`;
    const last = world.stages.length;
    const qty = world.products.map((p) => (Number(p.price) > 50_000 ? 1 : 40));
    return sql`
      from (select i, md5(i::text || ':deal:' || ${opts.seed}) as h, ${hx(sql`md5(i::text || ':deal:' || ${opts.seed})`, 0)} % 100 as roll
            from generate_series(${from}::int, ${to}::int) i) g
      -- won deals go to a customer at 成交/忠诚, the others to anyone (both lookups by index)
      join bench_customers b on b.n = case when g.roll < 30 and ${wonCustomers} > 0
                                           then (select w.n from bench_customers w where w.won_n = 1 + ${hx(h, 1)} % greatest(${wonCustomers}, 1))
                                           else 1 + ${hx(h, 1)} % ${opts.customers} end
      cross join lateral (
        select case when g.roll < 30 and ${wonCustomers} > 0 then 'won' when g.roll < 45 then 'lost' else 'open' end as status,
               1 + ${hx(h, 2)} % ${world.products.length} as p,
               b.created_at + (${nowTs} - b.created_at) * ${hu(dt, 0)} * 0.9 as created
      ) k
      cross join lateral (
        select least((${nowTs} at time zone 'Asia/Shanghai')::date, (k.created at time zone 'Asia/Shanghai')::date + 10 + ${hx(dt, 1)} % 110) as closed,
               round((${sql.param(world.products.map((p) => p.price))}::numeric[])[k.p] * (1 + ${hx(h, 2)} % (${sql.param(qty)}::int[])[k.p]), 2) as expected
      ) d
      cross join lateral (
        select k.status, k.p, k.created, d.closed, d.expected,
               case k.status when 'won' then ${last} when 'lost' then 1 + ${hx(h, 3)} % ${last - 1}
                    else 1 + floor(${last} * power(${hu(h, 3)}, 1.6))::int end as st,
               case when k.status = 'won' then round(d.expected * (0.9 + (${hx(h, 3)} % 11) / 100.0), 2) end as amount,
               case when k.status = 'open' then least(${nowTs}, k.created + (${nowTs} - k.created) * 0.5)
                    else least(${nowTs}, greatest(k.created, (d.closed + time '17:00') at time zone 'Asia/Shanghai')) end as entered
      ) x`;
  }
}

const COMM_TEMPLATES = Object.entries(D.COMMS_BY_STAGE).flatMap(([stage, list]) => list.map((tpl) => ({ stage, tpl })));

// ---------------------------------------------------------------- communications (SQL)

async function generateCommunications(db: Db, g: Generators) {
  const { opts, world } = g;
  if (!opts.communications) return;
  const t = performance.now();
  const col = (k: number) => sql.param(COMM_TEMPLATES.map((x) => x.tpl[k]));
  const productShort = world.products.map((p) => D.productShort(p.name));
  const h = sql`g.h`;
  const chunk = 100_000;
  // customers already carry contact_count / last_contact_at (worked out above): skip the per-row trigger
  await db.execute(sql`alter table communications disable trigger communications_touch_insert`);
  for (let from = 1; from <= opts.communications; from += chunk) {
    const to = Math.min(opts.communications, from + chunk - 1);
    const tc = performance.now();
    // rows sorted by time within a chunk: index pages are then filled in order, not at random
    await db.execute(sql`
      insert into communications (id, customer_id, contact_name, company_name, method, topic, purpose, interest, summary, needs_insight,
                                  contacted_at, next_follow_up, author_id, owner_id, org_unit_id, created_by, updated_by, created_at, updated_at)
      select ${uuidSql(sql`x.at`, sql`md5(g.i::text || ':cid:' || ${opts.seed})`)},
             c.id, case when c.kind = 'individual' then c.name end, coalesce(c.company_name, case when c.kind = 'company' then c.name end),
             (enum_range(null::communication_method))[1 + ${hx(h, 1)} % 7],
             (${col(0)}::text[])[x.tpl],
             (${col(1)}::text[])[x.tpl],
             least(5, 1 + (x.sp - 1) / 2 + ${hx(h, 2)} % 3),
             replace(replace(replace((${col(2)}::text[])[x.tpl], '{产品}', (${sql.param(productShort)}::text[])[1 + ${hx(h, 3)} % ${productShort.length}]),
                     '{公司}', coalesce(c.company_name, c.name)),
                     '{称呼}', case when c.kind = 'company' then '对方负责人'
                                  when ${hx(h, 3)} % 3 = 0 then left(c.name, 1) || '总'
                                  else left(c.name, 1) || case c.gender when 'female' then '女士' else '先生' end end),
             case when ${hx(h, 2)} % 4 > 0 then replace((${col(3)}::text[])[x.tpl], '{产品}', '产品') end,
             x.at,
             case when ${hx(h, 1)} % 20 = 0 then (x.at at time zone 'Asia/Shanghai')::date + 1 + ${hx(h, 3)} % 14 end,
             c.owner_id, c.owner_id, c.org_unit_id, c.owner_id, c.owner_id, x.at, x.at
      ${g.commSource(from, to)}
      join customers c on c.id = b.id
      order by x.at`);
    console.log(`[db:generate]   communications ${to}/${opts.communications} (${ms(tc)})`);
  }
  await db.execute(sql`alter table communications enable trigger communications_touch_insert`);
  // …and each customer's open follow-up (the latest communication's next_follow_up), in one pass
  await db.execute(sql`select zhike_refresh_follow_ups()`);
  console.log(`[db:generate] communications: ${opts.communications} (${ms(t)})`);
}

// ---------------------------------------------------------------- deals and their stage history (SQL)

async function generateDeals(db: Db, g: Generators) {
  const { opts, world, nowTs } = g;
  if (!opts.deals) return;
  const t = performance.now();
  const h = sql`g.h`;
  const chunk = 100_000;
  // the funnel rollup's statement triggers would recompute every chunk's deals twice (once for the deals,
  // once for their history), and the statistics rollup's would hold each chunk in an array: off during the
  // load, then one rebuild of each from scratch
  const funnelTriggers = [
    ["deals", "deals_funnel_insert"],
    ["deal_stage_history", "deal_history_funnel_insert"],
    ["deals", "deals_stats_insert"],
    ["deals", "deals_value_grades_insert"],
    ["deals", "deals_revenue_months_insert"],
  ] as const;
  for (const [table, trigger] of funnelTriggers) await db.execute(sql.raw(`alter table ${table} disable trigger ${trigger}`));
  for (let from = 1; from <= opts.deals; from += chunk) {
    const to = Math.min(opts.deals, from + chunk - 1);
    const tc = performance.now();
    await db.execute(sql`
      insert into deals (id, customer_id, product_id, process_id, stage_id, title, status, expected_amount, expected_date, probability,
                         amount, closed_on, discount, payment_method, contract_no, success_reasons, failure_reasons, lessons_learned,
                         stage_entered_at, owner_id, org_unit_id, created_by, updated_by, created_at, updated_at)
      select ${uuidSql(sql`x.created`, sql`md5(g.i::text || ':did:' || ${opts.seed})`)},
             c.id, (${sql.param(world.products.map((p) => p.id))}::uuid[])[x.p], ${world.process},
             (${sql.param(world.stages.map((st) => st.id))}::uuid[])[x.st],
             c.name || ' · ' || (${sql.param(world.products.map((p) => D.productShort(p.name)))}::text[])[x.p],
             x.status::deal_status,
             x.expected, case when x.status = 'open' then (${nowTs} at time zone 'Asia/Shanghai')::date + 1 + ${hx(h, 2)} % 120 else x.closed end,
             case when x.status = 'lost' then 0 else (${sql.param(world.stages.map((st) => st.probability))}::int[])[x.st] end,
             x.amount,
             case when x.status <> 'open' then x.closed end,
             case when x.status = 'won' then (array['无优惠', '九五折', '九折', '赠送两年维保'])[1 + ${hx(h, 3)} % 4] end,
             case when x.status = 'won' then (${sql.param([...D.DICTIONARIES.payment_method])}::text[])[1 + ${hx(h, 2)} % 5] end,
             case when x.status = 'won' then 'ZKG-' || extract(year from x.closed) || '-' || lpad(g.i::text, 7, '0') end,
             case when x.status = 'won' then (${sql.param(D.SUCCESS_REASONS)}::text[])[1 + ${hx(h, 2)} % ${D.SUCCESS_REASONS.length}] end,
             case when x.status = 'lost' then (${sql.param(D.FAILURE_REASONS)}::text[])[1 + ${hx(h, 2)} % ${D.FAILURE_REASONS.length}] end,
             case when x.status <> 'open' then (${sql.param(D.LESSONS)}::text[])[1 + ${hx(h, 3)} % ${D.LESSONS.length}] end,
             x.entered, c.owner_id, c.org_unit_id, c.owner_id, c.owner_id, x.created, x.entered
      ${g.dealSource(from, to)}
      join customers c on c.id = b.id
      order by x.created`);
    console.log(`[db:generate]   deals ${to}/${opts.deals} (${ms(tc)})`);
  }
  const th = performance.now();
  // every generated deal walked the stages up to its current one (demo deals have their history already)
  await db.execute(sql`
    insert into deal_stage_history (id, deal_id, from_stage_id, to_stage_id, moved_at, moved_by)
    select ${uuidSql(sql`d.created_at + (d.stage_entered_at - d.created_at) * ps.sort / greatest(cur.sort, 1)`, sql`md5(d.id::text || ':' || ps.sort)`)},
           d.id, prev.id, ps.id, d.created_at + (d.stage_entered_at - d.created_at) * ps.sort / greatest(cur.sort, 1), d.owner_id
    from deals d
    join process_stages cur on cur.id = d.stage_id
    join process_stages ps on ps.process_id = d.process_id and ps.sort <= cur.sort
    left join process_stages prev on prev.process_id = d.process_id and prev.sort = ps.sort - 1
    where not exists (select 1 from deal_stage_history h where h.deal_id = d.id)
    order by d.id, ps.sort`);
  for (const [table, trigger] of funnelTriggers) await db.execute(sql.raw(`alter table ${table} enable trigger ${trigger}`));
  const tr = performance.now();
  await db.execute(sql`select zhike_funnel_rebuild()`);
  await db.execute(sql`select zhike_deal_stats_rebuild()`);
  await db.execute(sql`select zhike_regrade_all()`);
  await db.execute(sql`select zhike_value_rollup_rebuild()`);
  console.log(`[db:generate] deals: ${opts.deals} + stage history (${ms(th)}), funnel and statistics rollups (${ms(tr)}) (${ms(t)})`);
}

// ---------------------------------------------------------------- wrap up

async function finish(db: Db, opts: Opts, now: number) {
  await db.execute(sql`drop table bench_customers`);
  await db.execute(sql`insert into app_settings (key, value) values (${MARKER}, ${JSON.stringify({ ...opts, at: new Date(now).toISOString() })}::jsonb)`);
  const t = performance.now();
  await db.execute(sql`vacuum analyze`);
  console.log(`[db:generate] VACUUM ANALYZE (${ms(t)})`);
}
