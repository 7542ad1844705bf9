import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import * as s from "@/db/schema";
import { encrypt, keyedHash } from "@/lib/crypto";
import { idCardCheckChar, idCardProblem, maskIdCard } from "@/lib/id-card";
import { lunarToSolar, nextLunarOccurrence, solarToLunar } from "@/lib/lunar";
import { DEFAULT_ROLES } from "@/lib/permissions";
import { hashPassword } from "@/lib/password";
import { buildSearchTokens, namePinyin } from "@/lib/search-tokens";
import { CUSTOMER_STAGES, type CustomerStage } from "@/lib/stages";
import * as D from "./data";
import { DAY_MS, addDays, atChinaTime, chance, chinaDay, int, money, mulberry32, pick, sample, todayInChina, uuid7At, weighted, type Rng } from "./random";

export { DEMO_PASSWORD } from "./data";

/**
 * The demo company of DOMAIN.md §4, loaded in one transaction: org tree, roles, users, dictionaries,
 * value grades, products with FAB and advantage analyses, processes, ~110 customers in every stage and
 * grade (introducer chains, lunar and leap-month birthdays, ID cards, circles, custom dates), their
 * communications, deals with stage history, plans, summaries and reviews, to-dos, training progress,
 * message templates and sends, and an audit trail.
 *
 * Deterministic: one seeded PRNG drives every choice and every id; dates are relative to today (China
 * time) so birthdays, follow-ups and expected deal dates fall in the coming days whenever it is loaded.
 * ID cards are encrypted only when NEXTAUTH_SECRET or ENCRYPTION_KEY is set (as in the running app).
 */
export async function seedDemo(db: Db): Promise<void> {
  const ctx = newContext();
  const passwordHash = await hashPassword(D.DEMO_PASSWORD);
  const demo = buildDemo(ctx, passwordHash);
  await db.transaction(async (tx) => {
    for (const [table, rows] of demo) await insertAll(tx, table, rows);
    // the computed value grades by the rules just loaded (the deals' trigger graded only customers with won deals)
    await tx.execute(sql`select zhike_regrade_all()`);
  });
}

// ---------------------------------------------------------------- context and helpers

type Ctx = {
  rng: Rng;
  /**
   * The anchor of every relative date: today 00:00 in China (so the company comes out the same all day
   * long), and today's China-local date.
   */
  now: number;
  today: string;
  canEncrypt: boolean;
  /** A UUIDv7 minted at `ms` (default now), from the seeded PRNG. */
  id: (ms?: number) => string;
  /** A moment `days` ago at a plausible office hour. */
  ago: (days: number) => Date;
};

function newContext(seed = 20_151_031): Ctx {
  const rng = mulberry32(seed);
  const clock = Date.now();
  const today = todayInChina(new Date(clock));
  const now = Date.parse(`${today}T00:00:00+08:00`);
  return {
    rng,
    now,
    today,
    canEncrypt: !!(process.env.ENCRYPTION_KEY || process.env.NEXTAUTH_SECRET),
    id: (ms = now) => uuid7At(ms, rng),
    ago: (days) => {
      // draw every number whatever the clock says, so the sequence (and the company) is the same all day
      const d = atChinaTime(addDays(today, -Math.floor(days)), int(rng, 9, 18), int(rng, 0, 59));
      const earlier = new Date(now - int(rng, 5, 120) * 60_000);
      return d.getTime() > clock ? earlier : d;
    },
  };
}

type Table = Parameters<Db["insert"]>[0];
type Batch = [Table, Record<string, unknown>[]];

async function insertAll(tx: Db, table: Table, rows: Record<string, unknown>[], chunk = 400) {
  for (let i = 0; i < rows.length; i += chunk) await tx.insert(table).values(rows.slice(i, i + chunk) as never);
}

const STAGES = CUSTOMER_STAGES;
type Stage = CustomerStage;
const mmdd = (iso: string) => iso.slice(5);
const daysBetween = (a: number, b: number) => Math.round((b - a) / DAY_MS);

// ---------------------------------------------------------------- the whole company

function buildDemo(ctx: Ctx, passwordHash: string): Batch[] {
  const org = buildOrg(ctx);
  const roles = buildRoles(ctx);
  const users = buildUsers(ctx, org, roles, passwordHash);
  const dict = buildDictionaries(ctx);
  const catalog = buildCatalog(ctx, users, dict);
  const book = buildCustomers(ctx, users, dict, catalog);
  const sales = buildDeals(ctx, book, catalog);
  const comms = buildCommunications(ctx, book, catalog);
  gradeCustomers(book, sales.revenue12m);
  const time = buildTimeManagement(ctx, users, book, dict);
  const training = buildTraining(ctx, users);
  const messaging = buildMessaging(ctx, users, org, book);

  return [
    [s.orgUnits, org.rows],
    [s.roles, roles.rows],
    [s.users, users.rows],
    [s.dictionaryItems, dict.rows],
    [s.valueGrades, catalog.valueGrades],
    [s.appSettings, catalog.settings],
    [s.products, catalog.products],
    [s.fabEntries, catalog.fab],
    [s.advantageScores, catalog.advantage],
    [s.processes, catalog.processes],
    [s.processStages, catalog.stageRows],
    [s.customers, book.customers.map((c) => c.row)],
    [s.customerCircles, book.circles],
    [s.customerDates, book.dates],
    [s.customerStageHistory, book.stageHistory],
    [s.communications, comms],
    [s.deals, sales.deals],
    [s.dealStageHistory, sales.history],
    [s.plans, time.plans],
    [s.workSummaries, time.summaries],
    [s.reviews, time.reviews],
    [s.todos, time.todos],
    [s.lessonProgress, training],
    [s.messageTemplates, messaging.templates],
    [s.messageSends, messaging.sends],
    [s.optOuts, messaging.optOuts],
    [s.auditLog, book.audit],
  ];
}

// ---------------------------------------------------------------- org, roles, users

type Org = ReturnType<typeof buildOrg>;
function buildOrg(ctx: Ctx) {
  const byKey = {} as Record<D.UnitKey, { id: string; path: string }>;
  const rows: s.NewOrgUnit[] = D.ORG.map((u, sort) => {
    const id = ctx.id(ctx.now - 800 * DAY_MS);
    const path = `${u.parent ? byKey[u.parent].path : "/"}${id}/`;
    byKey[u.key] = { id, path };
    return { id, parentId: u.parent ? byKey[u.parent].id : null, kind: u.kind, name: u.name, path, sort };
  });
  return { byKey, rows };
}

function buildRoles(ctx: Ctx) {
  const byCode: Record<string, string> = {};
  const rows = DEFAULT_ROLES.map((r) => {
    const id = ctx.id(ctx.now - 800 * DAY_MS);
    byCode[r.code] = id;
    return { id, code: r.code, name: r.name, dataScope: r.dataScope, permissions: [...r.permissions], builtIn: true };
  });
  return { byCode, rows };
}

type DemoUser = { id: string; email: string; name: string; role: string; unitId: string; unitKey: D.UnitKey };
type Users = ReturnType<typeof buildUsers>;
function buildUsers(ctx: Ctx, org: Org, roles: ReturnType<typeof buildRoles>, passwordHash: string) {
  const byEmail: Record<string, DemoUser> = {};
  const rows: s.NewUser[] = D.USERS.map((u) => {
    const id = ctx.id(ctx.now - 790 * DAY_MS);
    byEmail[u.email] = { id, email: u.email, name: u.name, role: u.role, unitId: org.byKey[u.unit].id, unitKey: u.unit };
    return {
      id,
      email: u.email,
      name: u.name,
      passwordHash,
      roleId: roles.byCode[u.role],
      orgUnitId: org.byKey[u.unit].id,
      mobile: u.mobile,
      locale: "zh-CN",
      lastLoginAt: u.role === "admin" ? null : ctx.ago(int(ctx.rng, 0, 3)),
      createdAt: new Date(ctx.now - 790 * DAY_MS),
    };
  });
  const get = (email: string) => byEmail[email];
  return { byEmail, get, rows, admin: get("admin@demo.cn"), gm: get("gm@demo.cn") };
}

// ---------------------------------------------------------------- dictionaries

type Dict = ReturnType<typeof buildDictionaries>;
function buildDictionaries(ctx: Ctx) {
  const ids = {} as Record<s.DictionaryKind, Record<string, string>>;
  const rows: (typeof s.dictionaryItems.$inferInsert)[] = [];
  const add = (kind: s.DictionaryKind, label: string, sort: number, parentId: string | null = null) => {
    const id = ctx.id(ctx.now - 780 * DAY_MS);
    (ids[kind] ??= {})[label] = id;
    rows.push({ id, kind, label, sort, parentId });
    return id;
  };
  for (const [kind, labels] of Object.entries(D.DICTIONARIES)) labels.forEach((label, i) => add(kind as s.DictionaryKind, label, i));
  let sort = 0;
  const cityRegion: Record<string, string> = {};
  for (const [region, cities] of Object.entries(D.CITIES))
    for (const city of cities) {
      add("city", city, sort++, ids.region[region]);
      cityRegion[city] = region;
    }
  const id = (kind: s.DictionaryKind, label: string) => {
    const v = ids[kind]?.[label];
    if (!v) throw new Error(`seed: no ${kind} "${label}"`);
    return v;
  };
  return { rows, id, cityRegion, labels: (kind: keyof typeof D.DICTIONARIES) => D.DICTIONARIES[kind] as readonly string[] };
}

// ---------------------------------------------------------------- value grades, settings, products, processes

type ProcessStage = { id: string; processId: string; name: string; sort: number; probability: number };
type Catalog = ReturnType<typeof buildCatalog>;
function buildCatalog(ctx: Ctx, users: Users, dict: Dict) {
  const since = ctx.now - 760 * DAY_MS;
  const author = users.get("sz1.manager@demo.cn").id;
  const gm = users.gm.id;
  const valueGrades = D.VALUE_GRADES.map((g, sort) => ({ id: ctx.id(since), ...g, periodMonths: 12, sort, createdBy: users.admin.id, updatedBy: users.admin.id }));
  const settings = [{ key: "forgetting_curve_days", value: D.FORGETTING_CURVE_DAYS }];

  const product = {} as Record<D.ProductKey, { id: string; name: string; short: string; price: number; unit: string; qty: [number, number] }>;
  const products: (typeof s.products.$inferInsert)[] = [];
  const fab: (typeof s.fabEntries.$inferInsert)[] = [];
  const advantage: (typeof s.advantageScores.$inferInsert)[] = [];
  for (const p of D.PRODUCTS) {
    const id = ctx.id(since);
    product[p.key] = { id, name: p.name, short: D.productShort(p.name), price: Number(p.price), unit: p.unit, qty: p.qty };
    dict.id("product_category", p.category); // the category must exist in the dictionary
    products.push({ id, name: p.name, category: p.category, price: p.price, unit: p.unit, description: p.description, createdBy: gm, updatedBy: gm });
    let sort = 0;
    for (const [customerType, chains] of Object.entries(p.fab))
      for (const [feature, adv, benefit] of chains)
        fab.push({ id: ctx.id(since), productId: id, customerType, feature, advantage: adv, benefit, sort: sort++, authorId: author, createdBy: author, updatedBy: author });
    for (const [competitor, dimension, ownScore, competitorScore, weight, note] of p.advantage)
      advantage.push({ id: ctx.id(since), productId: id, competitor, dimension, ownScore, competitorScore, weight, note, authorId: author, createdBy: author, updatedBy: author });
  }
  // later additions draw their ids from their own PRNG: the rest of the company stays the same
  const extraRng = mulberry32(20_260_301);
  const extraId = () => uuid7At(since + DAY_MS, extraRng);
  for (const [key, extra] of Object.entries(D.CATALOG_ADDITIONS) as [D.ProductKey, (typeof D.CATALOG_ADDITIONS)[D.ProductKey]][]) {
    const productId = product[key].id;
    let sort = fab.filter((f) => f.productId === productId).length;
    for (const [customerType, chains] of Object.entries(extra?.fab ?? {}))
      for (const [feature, adv, benefit] of chains)
        fab.push({ id: extraId(), productId, customerType, feature, advantage: adv, benefit, sort: sort++, authorId: author, createdBy: author, updatedBy: author });
    for (const [competitor, dimension, ownScore, competitorScore, weight, note] of extra?.advantage ?? [])
      advantage.push({ id: extraId(), productId, competitor, dimension, ownScore, competitorScore, weight, note, authorId: author, createdBy: author, updatedBy: author });
  }

  const processes: (typeof s.processes.$inferInsert)[] = [];
  const stageRows: ProcessStage[] = [];
  const addProcess = (p: { name: string; description: string }, stages: [string, number][], isDefault: boolean, productId: string | null) => {
    const id = ctx.id(since);
    processes.push({ id, name: p.name, description: p.description, isDefault, productId, createdBy: users.admin.id, updatedBy: users.admin.id });
    const out = stages.map(([name, probability], sort) => ({ id: ctx.id(since), processId: id, name, sort, probability }));
    stageRows.push(...out);
    return { id, stages: out };
  };
  const defaultProcess = addProcess(D.DEFAULT_PROCESS, D.DEFAULT_STAGES, true, null);
  const erpProcess = addProcess(D.ERP_PROCESS, D.ERP_STAGES, false, product.erp.id);
  return { valueGrades, settings, product, products, fab, advantage, processes, stageRows, defaultProcess, erpProcess };
}

// ---------------------------------------------------------------- customers

type DemoCustomer = {
  row: s.NewCustomer & { id: string; name: string; createdAt: Date; updatedAt: Date };
  owner: DemoUser;
  stage: Stage;
  kind: "individual" | "company";
  /** When the customer reached each stage up to the current one (index = stage order). */
  stageAt: number[];
  /** Product the conversations are about. */
  product: D.ProductKey;
  company?: DemoCustomer;
  contacts: DemoCustomer[];
  spec?: D.CompanySpec;
  /** How a rep addresses them: 张总, 李女士 … */
  address: string;
};

type Book = ReturnType<typeof buildCustomers>;

/** Products a customer of an industry is likely to buy. */
const INDUSTRY_PRODUCTS: Record<string, D.ProductKey[]> = {
  制造业: ["zk3000", "erp", "printer"],
  房地产: ["water", "zk3000"],
  金融保险: ["training", "zk3000"],
  教育培训: ["water", "training"],
  医疗健康: ["printer", "water"],
  互联网: ["training", "zk3000"],
  批发零售: ["printer", "consumables", "training"],
  建筑工程: ["zk3000", "water"],
  物流运输: ["zk3000", "printer"],
  餐饮酒店: ["water", "training"],
};

/** Hand-written customers of sz1.rep1 (and one of sz1.rep2) that the demo script walks through. */
type Story = {
  owner: string;
  name: string;
  gender: "male" | "female";
  stage: Stage;
  title: string;
  companyName: string;
  industry: string;
  city: string;
  introducedBy?: string;
  product: D.ProductKey;
  lunarSoon?: boolean;
  leapBirth?: [year: number, month: number, day: number];
  solarBirthdaySoon?: boolean;
  weddingSoon?: boolean;
  idCard?: boolean;
};
const STORIES: Story[] = [
  { owner: "sz1.rep1@demo.cn", name: "李娜", gender: "female", stage: "closed", title: "总经理", companyName: "深圳丽人美容连锁有限公司", industry: "批发零售", city: "深圳", introducedBy: "张伟", product: "water", lunarSoon: true, idCard: true },
  { owner: "sz1.rep1@demo.cn", name: "王芳", gender: "female", stage: "prospect", title: "老板", companyName: "深圳芳华餐饮管理有限公司", industry: "餐饮酒店", city: "深圳", introducedBy: "李娜", product: "water", solarBirthdaySoon: true },
  { owner: "sz1.rep1@demo.cn", name: "赵磊", gender: "male", stage: "target", title: "店长", companyName: "深圳磊记茶餐厅", industry: "餐饮酒店", city: "深圳", introducedBy: "王芳", product: "water" },
  { owner: "sz1.rep1@demo.cn", name: "郑德明", gender: "male", stage: "loyal", title: "董事长", companyName: "东莞德明塑胶制品有限公司", industry: "制造业", city: "东莞", product: "zk3000", leapBirth: [1987, 6, 8], weddingSoon: true, idCard: true },
  { owner: "sz1.rep2@demo.cn", name: "张伟东", gender: "male", stage: "target", title: "采购经理", companyName: "深圳伟东电子科技有限公司", industry: "制造业", city: "深圳", product: "printer" },
];

/** Names the test suites create themselves: the demo must not contain them. */
const RESERVED_NAMES = new Set(["韩梅", "邝萱", "邝旭", "欧阳晓东"]);
const RESERVED_MOBILES = /^(13912345678|13688886666|13700001111|139000000\d|13560001234|13560005678|1380255\d{4})$/;

function buildCustomers(ctx: Ctx, users: Users, dict: Dict, catalog: Catalog) {
  const { rng } = ctx;
  const customers: DemoCustomer[] = [];
  const byName = new Map<string, DemoCustomer>();
  const names = new Set<string>([...RESERVED_NAMES, ...STORIES.map((st) => st.name), ...D.COMPANIES.flatMap((c) => c.contacts.map(([n]) => n))]);
  const mobiles = new Set<string>();
  const emails = new Set<string>();

  const newMobile = () => {
    for (;;) {
      const m = `1${pick(rng, ["35", "36", "37", "38", "39", "50", "51", "58", "59", "77", "86", "87", "88", "89", "99"])}${String(int(rng, 0, 99_999_999)).padStart(8, "0")}`;
      if (!mobiles.has(m) && !RESERVED_MOBILES.test(m)) return mobiles.add(m), m;
    }
  };
  const newName = (gender: "male" | "female") => {
    for (;;) {
      const surname = chance(rng, 0.03) ? pick(rng, D.COMPOUND_SURNAMES) : pick(rng, D.SURNAMES);
      const name = surname + pick(rng, gender === "male" ? D.GIVEN_MALE : D.GIVEN_FEMALE);
      if (!names.has(name)) return names.add(name), name;
    }
  };
  const uniqueEmail = (local: string, host: string) => {
    let e = `${local}@${host}`;
    for (let k = 2; emails.has(e); k++) e = `${local}${k}@${host}`;
    emails.add(e);
    return e;
  };
  const addressOf = (city: string) => `${city}市${pick(rng, D.CITY_INFO[city].streets)}${int(rng, 1, 399)}号`;
  const homeOf = (city: string) => `${city}市${pick(rng, D.CITY_INFO[city].homes)}${int(rng, 1, 30)}栋${int(rng, 1, 32)}0${int(rng, 1, 6)}`;
  const landlineOf = (city: string) => `${D.CITY_INFO[city].area}-${int(rng, 2, 8)}${String(int(rng, 0, 9_999_999)).padStart(7, "0")}`;

  /** When each stage was reached: creation, then the moves, the last one often recent. */
  const stageTimes = (createdMs: number, stage: Stage, fixed: Partial<Record<number, number>> = {}) => {
    const k = STAGES.indexOf(stage);
    const times = [createdMs];
    for (let i = 1; i <= k; i++) {
      if (fixed[i] != null) {
        times.push(Math.max(fixed[i]!, times[i - 1] + 3600_000));
        continue;
      }
      // never past a later fixed point (a won deal's date), else up to yesterday, the last move often recent
      const laterFixed = Object.entries(fixed).filter(([j, v]) => Number(j) > i && v != null).map(([, v]) => v!);
      const until = laterFixed.length ? Math.min(...laterFixed) - DAY_MS : i === k && chance(rng, 0.45) ? ctx.now - int(rng, 1, 25) * DAY_MS : ctx.now - DAY_MS;
      const from = times[i - 1] + DAY_MS;
      times.push(Math.min(ctx.now - 3600_000, from + rng() * Math.max(DAY_MS, (until - from) * (i === k || laterFixed.length ? 1 : 0.6))));
    }
    return times;
  };

  const salutation = (name: string, gender: "male" | "female", title: string | null) => {
    const surname = D.COMPOUND_SURNAMES.find((c) => name.startsWith(c)) ?? name[0];
    if (title && /总|老板|董事长|厂长|CTO|HRD/.test(title)) return `${surname}总`;
    return `${surname}${gender === "male" ? "先生" : "女士"}`;
  };

  const person = (
    owner: DemoUser,
    o: {
      name: string;
      gender: "male" | "female";
      stage: Stage;
      city: string;
      industry: string;
      title: string | null;
      company?: DemoCustomer;
      companyName?: string | null;
      createdMs: number;
      stageAt?: Partial<Record<number, number>>;
      product?: D.ProductKey;
      rich?: boolean;
    },
  ): DemoCustomer => {
    const { name, gender, city } = o;
    const py = namePinyin(name);
    const rich = o.rich ?? chance(rng, 0.75);
    const companyName = o.company?.row.name ?? o.companyName ?? null;
    const mobile = newMobile();
    const host = o.company?.spec ? o.company.spec.domain : pick(rng, D.MAIL_HOSTS);
    const email = o.company?.spec ? uniqueEmail(py, host) : chance(rng, 0.55) ? uniqueEmail(`${py}${int(rng, 60, 99)}`, host) : null;
    const birthYear = int(rng, 1962, 1996);
    const solarBirthday = rich && chance(rng, 0.55) ? `${birthYear}-${String(int(rng, 1, 12)).padStart(2, "0")}-${String(int(rng, 1, 28)).padStart(2, "0")}` : null;
    let lunar: { year?: number | null; month: number; day: number; leap: boolean } | null = null;
    if (solarBirthday && chance(rng, 0.35)) lunar = solarToLunar(solarBirthday);
    else if (!solarBirthday && rich && chance(rng, 0.3)) lunar = { year: chance(rng, 0.4) ? birthYear : null, month: int(rng, 1, 12), day: int(rng, 1, 29), leap: false };
    const married = chance(rng, 0.7);
    const [nativePlace] = pick(rng, D.NATIVE_PLACES);
    const createdAt = new Date(o.createdMs);
    const metOn = chinaDay(new Date(o.createdMs - int(rng, 0, 45) * DAY_MS));
    const id = ctx.id(o.createdMs);
    const row: DemoCustomer["row"] = {
      id,
      kind: "individual",
      name,
      namePinyin: py,
      companyId: o.company?.row.id ?? null,
      companyName,
      title: o.title,
      mobile,
      email,
      qq: rich && chance(rng, 0.35) ? String(int(rng, 10_000, 2_999_999_999)) : null,
      wechat: chance(rng, 0.6) ? `${py.slice(0, 10)}_${chance(rng, 0.5) ? birthYear : int(rng, 10, 999)}` : null,
      landline: o.company || chance(rng, 0.2) ? landlineOf(city) : null,
      gender,
      address: companyName ? addressOf(city) : chance(rng, 0.4) ? addressOf(city) : null,
      website: null,
      firstImpression: rich || chance(rng, 0.4) ? pick(rng, D.IMPRESSIONS) : null,
      metOn,
      solarBirthday,
      lunarBirthYear: lunar?.year ?? null,
      lunarBirthMonth: lunar?.month ?? null,
      lunarBirthDay: lunar?.day ?? null,
      lunarBirthLeap: lunar?.leap ?? false,
      weddingAnniversary: rich && married && chance(rng, 0.4) ? `${int(rng, Math.max(1985, birthYear + 22), 2018)}-${String(int(rng, 1, 12)).padStart(2, "0")}-${String(int(rng, 1, 28)).padStart(2, "0")}` : null,
      importantDateNotes: rich && chance(rng, 0.15) ? pick(rng, D.IMPORTANT_DATE_NOTES) : null,
      nativePlace: rich && chance(rng, 0.7) ? nativePlace : null,
      maritalStatus: rich ? (married ? "married" : pick(rng, ["single", "divorced", "unknown"] as const)) : "unknown",
      homeAddress: rich && chance(rng, 0.35) ? homeOf(city) : null,
      industryId: dict.id("industry", o.industry),
      regionId: dict.id("region", dict.cityRegion[city]),
      cityId: dict.id("city", city),
      stage: o.stage,
      otherCategory: chance(rng, 0.25) ? pick(rng, ["重点客户", "普通客户"]) : null,
      creditGrade: ["closed", "loyal"].includes(o.stage) ? pick(rng, ["AAA", "AA", "A", "B"]) : chance(rng, 0.2) ? pick(rng, ["A", "B", "C"]) : null,
      otherGrade: chance(rng, 0.15) ? pick(rng, D.DICTIONARIES.other_grade) : null,
      personality: rich && chance(rng, 0.7) ? pick(rng, D.PERSONALITIES) : null,
      ownerId: owner.id,
      orgUnitId: owner.unitId,
      createdBy: owner.id,
      updatedBy: owner.id,
      createdAt,
      updatedAt: createdAt,
    };
    const c: DemoCustomer = {
      row,
      owner,
      stage: o.stage,
      kind: "individual",
      stageAt: stageTimes(o.createdMs, o.stage, o.stageAt),
      product: o.product ?? pick(rng, INDUSTRY_PRODUCTS[o.industry]),
      company: o.company,
      contacts: [],
      address: salutation(name, gender, o.title),
    };
    customers.push(c);
    byName.set(name, c);
    return c;
  };

  // 1. company customers and their contact people
  for (const spec of D.COMPANIES) {
    const owner = users.get(spec.owner);
    const firstWon = Math.max(0, ...(spec.won ?? []).map(([, , m]) => m));
    const createdMs = ctx.now - (firstWon ? firstWon * 30 + int(rng, 40, 120) : int(rng, 20, 400)) * DAY_MS;
    const wonTimes = (spec.won ?? []).map(([, , m]) => ctx.now - (m * 30 + int(rng, 0, 20)) * DAY_MS).sort((a, b) => a - b);
    const fixed: Partial<Record<number, number>> = {};
    if (wonTimes[0]) fixed[3] = wonTimes[0];
    if (wonTimes[1] && spec.stage === "loyal") fixed[4] = wonTimes[1];
    const id = ctx.id(createdMs);
    const createdAt = new Date(createdMs);
    const company: DemoCustomer = {
      row: {
        id,
        kind: "company",
        name: spec.name,
        namePinyin: namePinyin(spec.name),
        companyName: null,
        email: uniqueEmail("info", spec.domain),
        landline: landlineOf(spec.city),
        address: addressOf(spec.city),
        website: `https://www.${spec.domain}`,
        companySize: spec.size,
        firstImpression: chance(rng, 0.6) ? pick(rng, ["厂区整洁，管理规范，老板很重视效率。", "办公室在高档写字楼，对品牌和服务要求高。", "家族企业，老板说了算，二代正在接班。"]) : null,
        metOn: chinaDay(new Date(createdMs - int(rng, 0, 30) * DAY_MS)),
        importantDateNotes: null,
        maritalStatus: "unknown",
        industryId: dict.id("industry", spec.industry),
        regionId: dict.id("region", dict.cityRegion[spec.city]),
        cityId: dict.id("city", spec.city),
        stage: spec.stage,
        otherCategory: spec.won && spec.won.length >= 2 ? "重点客户" : null,
        creditGrade: spec.credit,
        personality: spec.stage === "loyal" ? "决策链清楚：老板拍板，行政和财务把关；重视长期合作和售后响应速度。" : null,
        ownerId: owner.id,
        orgUnitId: owner.unitId,
        createdBy: owner.id,
        updatedBy: owner.id,
        createdAt,
        updatedAt: createdAt,
      },
      owner,
      stage: spec.stage,
      kind: "company",
      stageAt: stageTimes(createdMs, spec.stage, fixed),
      product: spec.won?.[0]?.[0] ?? pick(rng, INDUSTRY_PRODUCTS[spec.industry]),
      contacts: [],
      spec,
      address: "",
    };
    customers.push(company);
    byName.set(spec.name, company);
    for (const [name, title, gender] of spec.contacts) {
      const contact = person(owner, {
        name,
        gender,
        title,
        stage: spec.stage,
        city: spec.city,
        industry: spec.industry,
        company,
        createdMs: createdMs + int(rng, 0, 20) * DAY_MS,
        stageAt: Object.fromEntries(company.stageAt.map((t, i) => [i, t]).slice(1)),
        product: company.product,
        rich: name === "张伟" || chance(rng, 0.6),
      });
      company.contacts.push(contact);
    }
    company.address = company.contacts[0]?.address ?? "";
  }
  customers.find((c) => c.row.name === "东莞恒信实业有限公司")!.row.valueGradeOverride = "B"; // 1000+ staff: strategic before it buys

  // 2. the story customers (introducer chain 张伟 → 李娜 → 王芳 → 赵磊, lunar and leap-month birthdays)
  for (const st of STORIES) {
    const owner = users.get(st.owner);
    const introducer = st.introducedBy ? byName.get(st.introducedBy) : undefined;
    const createdMs = Math.max(introducer ? introducer.row.createdAt.getTime() + int(rng, 30, 90) * DAY_MS : 0, ctx.now - int(rng, 200, 420) * DAY_MS);
    const c = person(owner, { name: st.name, gender: st.gender, stage: st.stage, city: st.city, industry: st.industry, title: st.title, companyName: st.companyName, createdMs, product: st.product, rich: true });
    if (introducer) {
      c.row.introducerId = introducer.row.id;
      c.row.sourceId = dict.id("source", ["closed", "loyal"].includes(introducer.stage) ? "老客户转介绍" : "朋友介绍");
    }
    if (st.lunarSoon) {
      // a lunar birthday 3 days from today: the lunar date of that solar day, with no year
      const soon = addDays(ctx.today, 3);
      const l = solarToLunar(soon);
      Object.assign(c.row, { lunarBirthYear: null, lunarBirthMonth: l.month, lunarBirthDay: l.day, lunarBirthLeap: l.leap, solarBirthday: null });
      if (nextLunarOccurrence(l.month, l.day, l.leap, ctx.today) !== soon) throw new Error("seed: lunar birthday drifted");
    }
    if (st.leapBirth) {
      const [y, m, d] = st.leapBirth;
      Object.assign(c.row, { lunarBirthYear: y, lunarBirthMonth: m, lunarBirthDay: d, lunarBirthLeap: true, solarBirthday: lunarToSolar(m, d, true, y) });
    }
    if (st.solarBirthdaySoon) {
      const soon = addDays(ctx.today, 2);
      c.row.solarBirthday = `1983-${mmdd(soon) === "02-29" ? "02-28" : mmdd(soon)}`;
    }
    if (st.weddingSoon) Object.assign(c.row, { maritalStatus: "married", weddingAnniversary: `2009-${mmdd(addDays(ctx.today, 5)) === "02-29" ? "03-01" : mmdd(addDays(ctx.today, 5))}` });
  }

  // 3. everyone else, per owner
  for (const [email, plan] of Object.entries(D.BOOK)) {
    const owner = users.get(email);
    for (let i = 0; i < plan.individuals; i++) {
      const gender = chance(rng, 0.58) ? "male" : "female";
      const stage = weighted(rng, [["potential", 26], ["target", 26], ["prospect", 20], ["closed", 18], ["loyal", 10]] as const);
      const city = pick(rng, plan.cities);
      const suffix = pick(rng, D.COMPANY_SUFFIX);
      const employed = chance(rng, 0.7);
      const minAge = stage === "loyal" ? 200 : stage === "closed" ? 90 : 8;
      person(owner, {
        name: newName(gender),
        gender,
        stage,
        city,
        industry: employed ? D.SUFFIX_INDUSTRY[suffix] : pick(rng, D.DICTIONARIES.industry),
        title: employed ? pick(rng, D.TITLES) : null,
        companyName: employed ? `${city}${pick(rng, D.COMPANY_CORE)}${suffix}` : null,
        createdMs: ctx.now - int(rng, minAge, 730) * DAY_MS - int(rng, 0, 8 * 3600_000),
      });
    }
  }

  // 4. how they met: sources, introducers (an earlier customer of the same owner), free-text introducers
  const byOwner = new Map<string, DemoCustomer[]>();
  for (const c of [...customers].sort((a, b) => a.row.createdAt.getTime() - b.row.createdAt.getTime())) {
    const mine = byOwner.get(c.owner.id) ?? [];
    if (!c.row.sourceId) {
      const earlier = mine.filter((m) => m.kind === "individual" && m.row.createdAt < c.row.createdAt);
      if (c.kind === "individual" && !c.company && earlier.length >= 2 && chance(rng, 0.35)) {
        const intro = pick(rng, earlier);
        c.row.introducerId = intro.row.id;
        c.row.sourceId = dict.id("source", ["closed", "loyal"].includes(intro.stage) ? "老客户转介绍" : "朋友介绍");
      } else {
        const source = weighted(rng, [["朋友介绍", 14], ["展会", 16], ["网络推广", 14], ["陌生拜访", 12], ["电话营销", 12], ["活动/讲座", 8], ["其他", 4]] as const);
        c.row.sourceId = dict.id("source", source);
        if (source === "朋友介绍" && chance(rng, 0.6)) c.row.introducerText = pick(rng, D.INTRODUCER_TEXTS);
      }
    }
    mine.push(c);
    byOwner.set(c.owner.id, mine);
  }

  // 4b. introduction chains for the network map (issue #12), drawing nothing from the PRNG so the rest of the
  // company stays as it was: each rep's introduced customers (outside the story) are chained in the order they
  // were met, three to a chain below an earlier introducer, so chains reach five steps; and two introductions
  // cross owners (a colleague's or another branch's customer introduced them), which the other rep sees as an
  // anonymous external introducer
  const story = new Set(STORIES.map((st) => st.name));
  for (const mine of byOwner.values()) {
    const introduced = mine.filter((c) => c.row.introducerId && !story.has(c.row.name));
    for (let i = 1; i < introduced.length; i++) {
      const prev = introduced[i - 1];
      if (i % 4 !== 0 && prev.row.createdAt < introduced[i].row.createdAt) introduced[i].row.introducerId = prev.row.id;
    }
  }
  const firstIntroduced = (email: string) => (byOwner.get(customers.find((c) => c.owner.email === email)?.owner.id ?? "") ?? []).find((c) => c.row.introducerId && !story.has(c.row.name));
  const crossed: [string, DemoCustomer | undefined][] = [
    ["sz1.rep2@demo.cn", byName.get("张伟")],
    ["sh.rep1@demo.cn", byName.get("李娜")],
  ];
  for (const [email, introducer] of crossed) {
    const c = firstIntroduced(email);
    if (c && introducer) c.row.introducerId = introducer.row.id;
  }

  // 5. ID cards (GB 11643, valid check digit), encrypted like the app does
  const withIdCards = [...STORIES.filter((st) => st.idCard).map((st) => byName.get(st.name)!), byName.get("张伟")!];
  withIdCards.push(...sample(rng, customers.filter((c) => c.kind === "individual" && c.row.solarBirthday && !withIdCards.includes(c)), 4));
  if (!ctx.canEncrypt) console.warn("[seed] NEXTAUTH_SECRET / ENCRYPTION_KEY not set: demo customers get no ID-card numbers");
  // numbers are drawn even without a key, so the rest of the company comes out the same either way
  for (const c of withIdCards) {
    const [place, region] = D.NATIVE_PLACES.find(([p]) => p === c.row.nativePlace) ?? pick(rng, D.NATIVE_PLACES);
    c.row.nativePlace = place;
    const seq = int(rng, 10, 99) * 10 + (c.row.gender === "male" ? pick(rng, [1, 3, 5, 7, 9]) : pick(rng, [0, 2, 4, 6, 8]));
    // the birth date on the card: the solar birthday, or the solar date of the lunar one in 1986
    if (!c.row.solarBirthday && !c.row.lunarBirthMonth) c.row.solarBirthday = `1984-${String(int(rng, 1, 12)).padStart(2, "0")}-${String(int(rng, 1, 28)).padStart(2, "0")}`;
    const birth = c.row.solarBirthday ?? lunarToSolar(c.row.lunarBirthMonth!, c.row.lunarBirthDay!, false, 1986);
    const first17 = `${region}${birth.replaceAll("-", "")}${String(seq).padStart(3, "0")}`;
    const idCard = first17 + idCardCheckChar(first17);
    if (idCardProblem(idCard)) throw new Error(`seed: invalid ID card ${idCard}`);
    if (ctx.canEncrypt) Object.assign(c.row, { idCardCipher: encrypt(idCard), idCardHash: keyedHash(idCard), idCardMasked: maskIdCard(idCard) });
  }
  // one 腊月三十 (New Year's Eve) birthday without a year: most years' 腊月 has only 29 days
  const eve = customers.find((c) => c.kind === "individual" && !c.row.solarBirthday && !c.row.lunarBirthMonth && c.owner.email === "sz1.rep2@demo.cn");
  if (eve) Object.assign(eve.row, { lunarBirthMonth: 12, lunarBirthDay: 30, lunarBirthLeap: false, lunarBirthYear: null, importantDateNotes: "除夕出生，过年时一起问候" });

  // 6. circles, custom dates, stage history, search tokens
  const circles: { customerId: string; circleId: string }[] = [];
  const zw = byName.get("张伟")!;
  circles.push({ customerId: zw.row.id, circleId: dict.id("circle", "高尔夫球友") }, { customerId: zw.row.id, circleId: dict.id("circle", "商会") });
  for (const c of customers)
    if (c.kind === "individual" && c !== zw && chance(rng, 0.45))
      for (const label of sample(rng, D.DICTIONARIES.circle, int(rng, 1, 2))) circles.push({ customerId: c.row.id, circleId: dict.id("circle", label) });

  const dates: (typeof s.customerDates.$inferInsert)[] = [];
  const addDate = (c: DemoCustomer, label: string, date: string, notes: string | null) =>
    dates.push({ id: ctx.id(c.row.createdAt.getTime()), customerId: c.row.id, label, date, recurring: true, notes: notes || null, createdBy: c.owner.id, updatedBy: c.owner.id, createdAt: c.row.createdAt });
  addDate(byName.get("深圳华强精密电子有限公司")!, "公司周年庆", `2006-${mmdd(addDays(ctx.today, 4)) === "02-29" ? "02-28" : mmdd(addDays(ctx.today, 4))}`, "提前一周送花篮，张伟会安排我们参加庆典");
  for (const c of sample(rng, customers.filter((x) => x.kind === "individual"), 14)) {
    const [label, notes] = pick(rng, D.CUSTOM_DATES);
    addDate(c, label, `${int(rng, 2005, 2024)}-${String(int(rng, 1, 12)).padStart(2, "0")}-${String(int(rng, 1, 28)).padStart(2, "0")}`, notes);
  }

  const REASONS: Record<Stage, string> = {
    potential: "新建客户",
    target: "第一次深入交流后表示有兴趣",
    prospect: "索要报价并安排演示，出现购买行为",
    closed: "签订首单合同",
    loyal: "再次采购，成为忠诚客户",
  };
  const stageHistory: (typeof s.customerStageHistory.$inferInsert)[] = [];
  for (const c of customers) {
    c.stageAt.forEach((t, i) =>
      stageHistory.push({ id: ctx.id(t), customerId: c.row.id, fromStage: i ? STAGES[i - 1] : null, toStage: STAGES[i], changedAt: new Date(t), changedBy: c.owner.id, reason: REASONS[STAGES[i]] }),
    );
    const last = c.stageAt[c.stageAt.length - 1];
    if (last > c.row.updatedAt.getTime()) c.row.updatedAt = new Date(last);
  }
  // one customer that slipped back (准 → 目标) and was won back, so the history is not always monotonic
  const slipped = customers.find((c) => c.kind === "individual" && c.stage === "prospect" && c.stageAt.length === 3 && c.stageAt[2] - c.stageAt[1] > 40 * DAY_MS);
  if (slipped) {
    const [, t1, t2] = slipped.stageAt;
    const a = t1 + (t2 - t1) / 3;
    const b = t1 + (2 * (t2 - t1)) / 3;
    const prev = stageHistory.find((h) => h.customerId === slipped.row.id && h.toStage === "prospect")!;
    prev.changedAt = new Date(a);
    stageHistory.push(
      { id: ctx.id(b - DAY_MS), customerId: slipped.row.id, fromStage: "prospect", toStage: "target", changedAt: new Date(b - DAY_MS), changedBy: slipped.owner.id, reason: "客户预算冻结，退回目标客户" },
      { id: ctx.id(t2), customerId: slipped.row.id, fromStage: "target", toStage: "prospect", changedAt: new Date(t2), changedBy: slipped.owner.id, reason: "新预算批下来，重新要报价" },
    );
  }

  const audit: (typeof s.auditLog.$inferInsert)[] = [];
  for (const c of customers.filter((x) => x.row.createdAt.getTime() > ctx.now - 120 * DAY_MS).slice(0, 15))
    audit.push({ id: ctx.id(c.row.createdAt.getTime()), at: c.row.createdAt, actorId: c.owner.id, action: "create", entityType: "customer", entityId: c.row.id, after: { name: c.row.name, kind: c.kind, stage: STAGES[0], ownerId: c.owner.id }, ip: "127.0.0.1" });

  for (const c of customers)
    c.row.searchTokens = buildSearchTokens({ name: c.row.name, companyName: c.row.companyName, mobile: c.row.mobile, landline: c.row.landline, email: c.row.email, wechat: c.row.wechat });

  customers.sort((a, b) => a.row.createdAt.getTime() - b.row.createdAt.getTime());
  return { customers, byName, circles, dates, stageHistory, audit };
}

// ---------------------------------------------------------------- deals

function buildDeals(ctx: Ctx, book: Book, catalog: Catalog) {
  const { rng } = ctx;
  const deals: (typeof s.deals.$inferInsert)[] = [];
  const history: (typeof s.dealStageHistory.$inferInsert)[] = [];
  const revenue12m = new Map<string, number>();
  const contractSeq = new Map<number, number>();
  const payment = D.DICTIONARIES.payment_method;
  // open deals cycle through the stages so that every stage of the funnel has deals
  const cycle = { early: 0, late: 0, upsell: 0 };
  const next = (key: keyof typeof cycle, stages: number[]) => stages[cycle[key]++ % stages.length];

  const addDeal = (
    c: DemoCustomer,
    o: { product: D.ProductKey; qty: number; status: "open" | "won" | "lost"; stageIndex?: number; stageName?: string; closedMs?: number },
  ) => {
    const p = catalog.product[o.product];
    const erp = o.product === "erp" && (o.stageName ? D.ERP_STAGES.some(([n]) => n === o.stageName) : chance(rng, 0.5));
    const proc = erp ? catalog.erpProcess : catalog.defaultProcess;
    const last = proc.stages.length - 1;
    // won deals end on 签约; lost ones stop before it
    const stageIdx = o.stageName ? proc.stages.findIndex((x) => x.name === o.stageName) : o.status === "won" ? last : Math.min(o.stageIndex ?? 0, o.status === "lost" ? last - 1 : last);
    if (stageIdx < 0) throw new Error(`seed: no stage ${o.stageName}`);
    const stage = proc.stages[stageIdx];
    const [discount, factor] = o.status === "won" ? pick(rng, D.DISCOUNTS) : D.DISCOUNTS[0];
    const value = Math.round(p.price * o.qty * factor);
    const created = c.row.createdAt.getTime();
    const clamp = (t: number) => Math.min(ctx.now - 3600_000, Math.max(created + 2 * DAY_MS, t));
    const closedMs = clamp(o.closedMs ?? ctx.now - int(rng, 5, 200) * DAY_MS);
    const endMs = o.status === "open" ? clamp(ctx.now - int(rng, 0, 20) * DAY_MS) : closedMs;
    const startMs = Math.max(created + DAY_MS, endMs - int(rng, 20, 120) * DAY_MS);
    const id = ctx.id(startMs);
    const closedOn = o.status === "open" ? null : chinaDay(new Date(closedMs));
    let contractNo: string | null = null;
    if (o.status === "won") {
      const year = Number(closedOn!.slice(0, 4));
      contractSeq.set(year, (contractSeq.get(year) ?? 0) + 1);
      contractNo = `ZK-${year}-${String(contractSeq.get(year)).padStart(4, "0")}`;
    }
    const introducer = c.row.introducerId ? book.customers.find((x) => x.row.id === c.row.introducerId) : undefined;
    const title = `${c.kind === "company" ? c.row.name.replace(/^(深圳|广州|东莞|佛山|上海|苏州)/, "").replace(/(股份)?有限公司|集团$/, "") : c.row.name} · ${p.short}${o.qty > 1 ? ` ${o.qty} ${p.unit}` : ""}`;
    const soon = o.status === "open" && deals.filter((d) => d.status === "open").length % 4 === 0;
    deals.push({
      id,
      customerId: c.row.id,
      productId: p.id,
      processId: proc.id,
      stageId: stage.id,
      title,
      status: o.status,
      expectedAmount: money(value),
      expectedDate: o.status === "open" ? addDays(ctx.today, soon ? int(rng, 1, 6) : int(rng, 8, 90)) : closedOn,
      probability: o.status === "lost" ? 0 : stage.probability,
      amount: o.status === "won" ? money(value) : null,
      closedOn,
      discount: o.status === "won" ? discount : null,
      introducerId: o.status === "won" ? (c.row.introducerId ?? null) : null,
      introducerText: o.status === "won" && !c.row.introducerId ? (c.row.introducerText ?? null) : null,
      paymentMethod: o.status === "won" ? (value > 150_000 ? pick(rng, ["银行转账", "分期付款"]) : pick(rng, payment)) : null,
      contractNo,
      relatedIntroducers: o.status === "won" && introducer ? `${introducer.row.name}${introducer.row.companyName ? `（${introducer.row.companyName}）` : ""}` : null,
      successReasons: o.status === "won" ? pick(rng, D.SUCCESS_REASONS) : null,
      failureReasons: o.status === "lost" ? pick(rng, D.FAILURE_REASONS) : null,
      lessonsLearned: o.status === "open" ? null : pick(rng, D.LESSONS),
      // the last month's closings wait for their manager's review (交易总结审核)
      summaryReviewStatus: o.status !== "open" && closedOn! >= addDays(ctx.today, -30) ? "submitted" : null,
      stageEnteredAt: new Date(endMs),
      ownerId: c.owner.id,
      orgUnitId: c.owner.unitId,
      createdBy: c.owner.id,
      updatedBy: c.owner.id,
      createdAt: new Date(startMs),
      updatedAt: new Date(endMs),
    });
    for (let k = 0; k <= stageIdx; k++) {
      const t = stageIdx === 0 ? startMs : startMs + ((endMs - startMs) * k) / stageIdx;
      history.push({ id: ctx.id(t), dealId: id, fromStageId: k ? proc.stages[k - 1].id : null, toStageId: proc.stages[k].id, movedAt: new Date(t), movedBy: c.owner.id });
    }
    if (o.status === "won" && closedMs > ctx.now - 365 * DAY_MS) revenue12m.set(c.row.id, (revenue12m.get(c.row.id) ?? 0) + value);
  };
  const qtyFor = (key: D.ProductKey) => int(rng, ...catalog.product[key].qty);

  // company customers follow their spec; their contacts' business is the company's
  const OPEN: Record<string, [D.ProductKey, number, string]> = {
    东莞恒信实业有限公司: ["erp", 1, "试点验证"],
    苏州百川精密制造有限公司: ["erp", 1, "商务谈判"],
    深圳嘉禾医疗器械有限公司: ["printer", 20, "产品演示"],
    深圳启明教育科技有限公司: ["water", 12, "兴趣激发"],
    深圳天诚科技股份有限公司: ["training", 25, "会见决策者"],
    深圳华强精密电子有限公司: ["zk3000", 60, "口头同意"],
    上海新亚金融信息服务有限公司: ["erp", 1, "确定需求"],
  };
  for (const c of book.customers) {
    if (c.company) continue;
    if (c.spec) {
      (c.spec.won ?? []).forEach(([product, qty], i) => addDeal(c, { product, qty, status: "won", closedMs: c.stageAt[3 + Math.min(i, 1)] + (i >= 2 ? int(rng, 20, 60) * DAY_MS : 0) }));
      const open = OPEN[c.row.name];
      if (open) addDeal(c, { product: open[0], qty: open[1], status: "open", stageName: open[2] });
      if (c.row.name === "佛山永泰建设工程有限公司") addDeal(c, { product: "zk3000", qty: 120, status: "lost", stageIndex: 2, closedMs: ctx.now - 50 * DAY_MS });
      continue;
    }
    const product = c.product;
    switch (c.stage) {
      case "target":
        if (chance(rng, 0.6)) addDeal(c, { product, qty: qtyFor(product), status: "open", stageIndex: next("early", [0, 1, 2]) });
        if (chance(rng, 0.2)) addDeal(c, { product, qty: qtyFor(product), status: "lost", stageIndex: int(rng, 1, 3) });
        break;
      case "prospect":
        addDeal(c, { product, qty: qtyFor(product), status: "open", stageIndex: next("late", [3, 4, 5, 6, 7]) });
        if (chance(rng, 0.15)) addDeal(c, { product, qty: qtyFor(product), status: "lost", stageIndex: int(rng, 2, 5), closedMs: c.stageAt[1] + DAY_MS });
        break;
      case "closed":
      case "loyal": {
        addDeal(c, { product, qty: qtyFor(product), status: "won", closedMs: c.stageAt[3] });
        if (c.stage === "loyal") {
          const again = chance(rng, 0.6) ? product : pick(rng, ["consumables", "training", "printer"] as const);
          addDeal(c, { product: again, qty: qtyFor(again), status: "won", closedMs: c.stageAt[4] });
          if (chance(rng, 0.4)) addDeal(c, { product: "consumables", qty: qtyFor("consumables"), status: "won", closedMs: Math.min(ctx.now - DAY_MS, c.stageAt[4] + int(rng, 20, 90) * DAY_MS) });
        }
        if (chance(rng, 0.35)) addDeal(c, { product: pick(rng, ["consumables", "training", "water"] as const), qty: 10, status: "open", stageIndex: next("upsell", [0, 1, 2, 3, 4, 5]) });
        if (chance(rng, 0.1)) addDeal(c, { product: "erp", qty: 1, status: "lost", stageIndex: 4 });
        break;
      }
    }
  }
  return { deals, history, revenue12m };
}

/**
 * 价值分级 from won revenue of the last 12 months against the thresholds (highest grade first). A
 * company's contact people carry the company's grade: the business is booked on the company.
 */
function gradeCustomers(book: Book, revenue12m: Map<string, number>) {
  const grades = [...D.VALUE_GRADES].sort((a, b) => Number(b.minRevenue) - Number(a.minRevenue));
  const gradeOf = (c: DemoCustomer) => grades.find((g) => (revenue12m.get(c.row.id) ?? 0) >= Number(g.minRevenue))?.code ?? null;
  for (const c of book.customers) c.row.valueGrade = gradeOf(c.company ?? c);
}

// ---------------------------------------------------------------- communications

function methodFor(rng: Rng, topic: string): (typeof D.COMM_METHODS)[number] {
  if (/拜访|演示|验收|答谢|交流会/.test(topic)) return chance(rng, 0.8) ? "visit" : "meeting";
  if (/电话/.test(topic)) return "phone";
  if (/微信/.test(topic)) return "wechat";
  if (/案例|建议书/.test(topic)) return pick(rng, ["email", "wechat", "visit"] as const);
  if (/生日|节日/.test(topic)) return pick(rng, ["sms", "wechat", "visit"] as const);
  return weighted(rng, [["phone", 30], ["wechat", 25], ["visit", 15], ["meeting", 8], ["email", 10], ["sms", 7], ["other", 5]] as const);
}

function buildCommunications(ctx: Ctx, book: Book, catalog: Catalog) {
  const { rng } = ctx;
  const rows: (typeof s.communications.$inferInsert)[] = [];
  for (const c of book.customers) {
    if (c.company && chance(rng, 0.6)) continue; // most conversations with a company are logged on the company
    const created = c.row.createdAt.getTime();
    const n = c.stage === "potential" ? int(rng, 0, 2) : int(rng, 3, c.stage === "loyal" ? 10 : 8);
    if (!n) continue;
    // one conversation just before each stage move, the rest spread over the relationship
    const times = c.stageAt.slice(1).map((t) => t - int(rng, 0, 3) * DAY_MS);
    const stale = chance(rng, 0.2); // some customers nobody has called for a while: "about to forget you"
    const horizon = stale ? ctx.now - int(rng, 45, 120) * DAY_MS : ctx.now - int(rng, 0, 10) * DAY_MS;
    while (times.length < n) times.push(created + rng() * Math.max(DAY_MS, horizon - created));
    times.sort((a, b) => a - b);
    const picked = times.slice(-n).map((t) => Math.max(created + 3600_000, Math.min(t, ctx.now - 3600_000)));
    const people = c.kind === "company" ? c.contacts : [c];
    picked.forEach((t, k) => {
      const stageNow = STAGES[Math.max(0, c.stageAt.filter((s0) => s0 <= t + 3 * DAY_MS).length - 1)];
      const [topic, purpose, summary, needs] = pick(rng, D.COMMS_BY_STAGE[stageNow]);
      const who = pick(rng, people.length ? people : [c]);
      const fill = (x: string) =>
        x.replaceAll("{产品}", catalog.product[c.product].short).replaceAll("{公司}", c.kind === "company" ? c.row.name : (c.row.companyName ?? "贵公司")).replaceAll("{称呼}", who.address || "客户");
      const at = atChinaTime(chinaDay(new Date(t)), int(rng, 9, 19), int(rng, 0, 59));
      const earlier = new Date(ctx.now - int(rng, 10, 300) * 60_000);
      const when = at.getTime() > ctx.now ? earlier : at;
      const lastOne = k === picked.length - 1;
      const followUp =
        lastOne && c.stage !== "potential" && chance(rng, 0.45)
          ? addDays(ctx.today, int(rng, -2, 7))
          : !lastOne && chance(rng, 0.2)
            ? addDays(chinaDay(when), int(rng, 2, 10))
            : null;
      rows.push({
        id: ctx.id(when.getTime()),
        customerId: c.row.id,
        contactName: who.row.name,
        companyName: c.kind === "company" ? c.row.name : c.row.companyName,
        method: methodFor(rng, topic),
        topic,
        purpose,
        interest: stageNow === "potential" ? int(rng, 1, 3) : stageNow === "target" ? int(rng, 2, 4) : int(rng, 3, 5),
        summary: fill(summary),
        needsInsight: chance(rng, 0.85) ? fill(needs) : null,
        contactedAt: when,
        nextFollowUp: followUp,
        authorId: c.owner.id,
        ownerId: c.owner.id,
        orgUnitId: c.owner.unitId,
        createdBy: c.owner.id,
        updatedBy: c.owner.id,
        createdAt: when,
        updatedAt: when,
      });
      const target = c.company ?? c;
      for (const x of [c, target]) {
        if (!x.row.lastContactAt || (x.row.lastContactAt as Date) < when) x.row.lastContactAt = when;
        if (x.row.updatedAt < when) x.row.updatedAt = when;
      }
    });
  }
  return rows;
}

// ---------------------------------------------------------------- plans, summaries, reviews, to-dos

function buildTimeManagement(ctx: Ctx, users: Users, book: Book, dict: Dict) {
  const { rng, today } = ctx;
  const plans: (typeof s.plans.$inferInsert)[] = [];
  const summaries: (typeof s.workSummaries.$inferInsert)[] = [];
  const reviews: (typeof s.reviews.$inferInsert)[] = [];
  const todos: (typeof s.todos.$inferInsert)[] = [];
  const categories = dict.labels("plan_category");

  const dow = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
  const monday = addDays(today, -dow);
  const monthStart = `${today.slice(0, 8)}01`;
  const lastMonthStart = `${addDays(monthStart, -1).slice(0, 8)}01`;
  const quarterStart = `${today.slice(0, 5)}${String(Math.floor((Number(today.slice(5, 7)) - 1) / 3) * 3 + 1).padStart(2, "0")}-01`;
  const monthEnd = (first: string) => addDays(`${addDays(first, 32).slice(0, 8)}01`, -1);
  const quarterEnd = addDays(`${addDays(quarterStart, 95).slice(0, 8)}01`, -1);

  const review = (targetType: string, targetId: string, reviewer: string, action: "approve" | "return" | "comment", at: Date) =>
    reviews.push({ id: ctx.id(at.getTime()), targetType, targetId, reviewerId: users.get(reviewer).id, action, comment: pick(rng, D.REVIEW_COMMENTS[action]), createdAt: at });

  type Spec = { period: "day" | "week" | "month" | "quarter" | "year"; start: string; end: string; status: "draft" | "submitted" | "approved" | "returned"; done: boolean };
  const people = Object.keys(D.REVIEWER);
  people.forEach((email, n) => {
    const u = users.get(email);
    const specs: Spec[] = [
      { period: "day", start: today, end: today, status: "draft", done: false },
      { period: "day", start: addDays(today, -1), end: addDays(today, -1), status: "submitted", done: true },
      { period: "week", start: monday, end: addDays(monday, 6), status: "submitted", done: false },
      { period: "week", start: addDays(monday, -7), end: addDays(monday, -1), status: "approved", done: true },
      { period: "month", start: monthStart, end: monthEnd(monthStart), status: n % 3 === 1 ? "returned" : "approved", done: false },
      { period: "month", start: lastMonthStart, end: monthEnd(lastMonthStart), status: "approved", done: true },
      { period: "quarter", start: quarterStart, end: quarterEnd, status: "approved", done: false },
      { period: "year", start: `${today.slice(0, 4)}-01-01`, end: `${today.slice(0, 4)}-12-31`, status: n % 4 === 3 ? "submitted" : "approved", done: false },
    ];
    for (const sp of specs) {
      const [subject, content] = pick(rng, D.PLAN_TEMPLATES[sp.period]);
      const createdAt = atChinaTime(addDays(sp.start, -1 - int(rng, 0, 2)), 18, int(rng, 0, 59));
      const id = ctx.id(createdAt.getTime());
      plans.push({
        id,
        ownerId: u.id,
        orgUnitId: u.unitId,
        subject,
        period: sp.period,
        startDate: sp.start,
        endDate: sp.end,
        important: sp.period !== "day" || chance(rng, 0.5),
        urgent: sp.period === "day" || chance(rng, 0.3),
        category: pick(rng, categories),
        content,
        completedOn: sp.done ? (sp.end < today ? sp.end : today) : null,
        completion: sp.done ? pick(rng, D.PLAN_COMPLETIONS) : null,
        reviewStatus: sp.status,
        createdBy: u.id,
        updatedBy: u.id,
        createdAt,
        updatedAt: createdAt,
      });
      const at = new Date(Math.min(ctx.now - 3600_000, createdAt.getTime() + DAY_MS));
      if (sp.status === "approved") review("plan", id, D.REVIEWER[email], "approve", at);
      if (sp.status === "returned") review("plan", id, D.REVIEWER[email], "return", at);
      if (sp.status === "submitted" && sp.period === "week" && chance(rng, 0.5)) review("plan", id, D.REVIEWER[email], "comment", at);
    }

    const mine = book.customers.filter((c) => c.owner.id === u.id);
    const won = mine.filter((c) => ["closed", "loyal"].includes(c.stage)).length;
    const summaryText = (tpl: string) =>
      tpl
        .replace("{visits}", String(int(rng, 3, 9)))
        .replace("{calls}", String(int(rng, 10, 30)))
        .replace("{prospects}", String(int(rng, 0, 3)))
        .replace("{won}", String(Math.min(won, int(rng, 0, 3))))
        .replace("{amount}", String(int(rng, 5, 60)))
        .replace("{newCustomers}", String(int(rng, 3, 12)));
    const sums: [period: "week" | "month", start: string, end: string, status: "draft" | "submitted" | "approved" | "returned"][] = [
      ["week", addDays(monday, -7), addDays(monday, -1), n % 2 ? "approved" : "submitted"],
      ["week", addDays(monday, -14), addDays(monday, -8), "approved"],
      ["month", lastMonthStart, monthEnd(lastMonthStart), n % 3 === 2 ? "returned" : "approved"],
      ["week", monday, addDays(monday, 6), "draft"],
    ];
    for (const [period, start, end, status] of sums) {
      const at = atChinaTime(end < today ? end : today, 17, int(rng, 0, 59));
      const id = ctx.id(at.getTime());
      summaries.push({ id, ownerId: u.id, orgUnitId: u.unitId, period, periodStart: start, periodEnd: end, content: summaryText(D.SUMMARY_TEMPLATES[period]), reviewStatus: status, createdBy: u.id, updatedBy: u.id, createdAt: at, updatedAt: at });
      const rAt = new Date(Math.min(ctx.now - 600_000, at.getTime() + DAY_MS));
      if (status === "approved") review("work_summary", id, D.REVIEWER[email], "approve", rAt);
      if (status === "returned") review("work_summary", id, D.REVIEWER[email], "return", rAt);
    }

    const isManager = u.role === "manager";
    for (const [quadrant, title] of sample(rng, D.TODO_TEMPLATES, isManager ? 3 : 7)) {
      const c = title.includes("{客户}") ? pick(rng, mine.length ? mine : book.customers.filter((x) => x.owner.id === users.get("sz1.rep1@demo.cn").id)) : undefined;
      const urgent = quadrant === "important_urgent" || quadrant === "urgent_not_important";
      const due = addDays(today, urgent ? int(rng, -1, 2) : int(rng, 3, 21));
      const createdAt = ctx.ago(int(rng, 1, 10));
      const done = chance(rng, 0.25);
      todos.push({
        id: ctx.id(createdAt.getTime()),
        ownerId: u.id,
        orgUnitId: u.unitId,
        title: title.replace("{客户}", c ? c.row.name : "客户"),
        notes: c ? `客户电话 ${c.row.mobile ?? c.row.landline ?? "见档案"}` : null,
        quadrant,
        dueOn: due,
        doneAt: done ? new Date(Math.max(createdAt.getTime(), ctx.now - int(rng, 1, 48) * 3600_000)) : null,
        customerId: c && (c.owner.id === u.id) ? c.row.id : null,
        createdBy: u.id,
        updatedBy: u.id,
        createdAt,
        updatedAt: createdAt,
      });
    }
  });
  return { plans, summaries, reviews, todos };
}

// ---------------------------------------------------------------- training, messaging

function buildTraining(ctx: Ctx, users: Users) {
  const { rng } = ctx;
  const rows: [email: string, slug: (typeof D.LESSON_SLUGS)[number], score: number | null, exercise: boolean, attempts: number][] = [
    ["sz1.rep1@demo.cn", "product-presentation", 100, true, 2],
    ["sz1.rep1@demo.cn", "remember-more-people", 80, true, 1],
    ["sz1.rep1@demo.cn", "be-remembered", null, false, 0],
    ["sz1.rep2@demo.cn", "product-presentation", 60, false, 1],
    ["sz1.rep2@demo.cn", "needs-identification", 83, true, 3],
    ["sz2.rep1@demo.cn", "advantage-analysis", 67, false, 1],
    ["sh.rep1@demo.cn", "remember-more-people", 100, true, 1],
    ["sh.rep1@demo.cn", "be-remembered", 75, false, 2],
    ["dg.agent1@demo.cn", "product-presentation", null, false, 0],
    ["sz1.manager@demo.cn", "advantage-analysis", 100, true, 1],
  ];
  return rows.map(([email, slug, score, exercise, attempts]) => {
    const readAt = ctx.ago(int(rng, 3, 40));
    return {
      userId: users.get(email).id,
      slug,
      readAt,
      exerciseDoneAt: exercise ? new Date(readAt.getTime() + int(rng, 1, 48) * 3600_000) : null,
      quizScore: score,
      quizBestScore: score,
      quizAttempts: attempts,
      updatedAt: readAt,
    };
  });
}

/** The same merge the messaging module does: {姓名} {称呼} {公司} {生日}. */
function render(text: string, c: DemoCustomer) {
  const salutation = c.row.gender === "female" ? "女士" : c.row.gender === "male" ? "先生" : "";
  return text
    .replaceAll("{姓名}", c.row.name)
    .replaceAll("{称呼}", salutation)
    .replaceAll("{公司}", c.row.companyName ?? c.row.name)
    .replaceAll("{生日}", c.row.solarBirthday?.slice(5) ?? "");
}

function buildMessaging(ctx: Ctx, users: Users, org: Org, book: Book) {
  const { rng } = ctx;
  const gm = users.gm;
  const rep = users.get("sz1.rep1@demo.cn");
  const since = ctx.now - 300 * DAY_MS;
  const sms = { id: ctx.id(since), channel: "sms" as const, name: D.TEMPLATES.birthdaySms.name, subject: null, body: D.TEMPLATES.birthdaySms.body, ownerId: null, orgUnitId: org.byKey.hq.id, createdBy: gm.id, updatedBy: gm.id };
  const mail = { id: ctx.id(since), channel: "email" as const, ...D.TEMPLATES.festivalEmail, ownerId: null, orgUnitId: org.byKey.hq.id, createdBy: gm.id, updatedBy: gm.id };
  const personal = { id: ctx.id(since + 30 * DAY_MS), channel: "email" as const, ...D.TEMPLATES.productEmail, ownerId: rep.id, orgUnitId: rep.unitId, createdBy: rep.id, updatedBy: rep.id };
  const mine = book.customers.filter((c) => c.owner.id === rep.id && c.kind === "individual");
  const sends: (typeof s.messageSends.$inferInsert)[] = [];
  const send = (t: typeof sms | typeof mail, c: DemoCustomer, daysAgo: number, status: "sent" | "failed" | "queued") => {
    const at = ctx.ago(daysAgo);
    sends.push({
      id: ctx.id(at.getTime()),
      templateId: t.id,
      channel: t.channel,
      customerId: c.row.id,
      toAddress: t.channel === "sms" ? c.row.mobile! : c.row.email!,
      subject: t.subject ? render(t.subject, c) : null,
      body: render(t.body, c),
      status,
      scheduledAt: at,
      sentAt: status === "sent" ? at : null,
      error: status === "failed" ? "短信通道返回：号码暂时无法接通" : null,
      idempotencyKey: `seed:${t.id}:${c.row.id}:${chinaDay(at)}`,
      ownerId: c.owner.id,
      orgUnitId: c.owner.unitId,
      createdAt: at,
    });
  };
  const smsTo = mine.filter((c) => c.row.mobile).slice(0, 4);
  smsTo.forEach((c, i) => send(sms, c, int(rng, 3, 90), i === 3 ? "failed" : "sent"));
  const mailTo = mine.filter((c) => c.row.email).slice(0, 3);
  mailTo.forEach((c) => send(mail, c, int(rng, 40, 80), "sent"));
  const optOuts = smsTo[2] ? [{ customerId: smsTo[2].row.id, channel: "sms" as const, createdAt: ctx.ago(2) }] : [];
  return { templates: [sms, mail, personal], sends, optOuts };
}
