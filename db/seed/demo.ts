import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import type { Db } from "@/db/client";
import * as s from "@/db/schema";
import { encrypt, keyedHash } from "@/lib/crypto";
import { idCardCheckChar, maskIdCard } from "@/lib/id-card";
import { solarToLunar } from "@/lib/lunar";
import { DEFAULT_ROLES } from "@/lib/permissions";
import { hashPassword } from "@/lib/password";
import { buildSearchTokens, namePinyin } from "@/lib/search-tokens";
import * as D from "./data";

export const DEMO_PASSWORD = "zhike-demo";

/** Small deterministic PRNG (mulberry32): the demo company is the same on every machine. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)],
    chance: (p: number) => next() < p,
  };
}

const DAY = 86_400_000;
const iso = (d: Date) => d.toISOString().slice(0, 10);
const daysAgo = (n: number, base = Date.now()) => new Date(base - n * DAY);

type Stage = s.Customer["stage"];
const STAGES: Stage[] = ["potential", "target", "prospect", "closed", "loyal"];

/** How many customers each demo user owns, and the stage mix. */
const BOOK: Record<string, { count: number; companies: number }> = {
  "sz1.rep1@demo.cn": { count: 30, companies: 3 },
  "sz1.rep2@demo.cn": { count: 22, companies: 2 },
  "sz2.rep1@demo.cn": { count: 14, companies: 2 },
  "sh.rep1@demo.cn": { count: 14, companies: 2 },
  "dg.agent1@demo.cn": { count: 9, companies: 1 },
  "sz1.manager@demo.cn": { count: 4, companies: 0 },
  "sh.manager@demo.cn": { count: 3, companies: 0 },
};

function validMobile(r: ReturnType<typeof rng>, used: Set<string>) {
  for (;;) {
    const m = `1${r.pick(["3", "5", "7", "8", "9"])}${r.int(0, 9)}${String(r.int(0, 99999999)).padStart(8, "0")}`;
    if (!used.has(m)) return used.add(m), m;
  }
}

function idCardFor(r: ReturnType<typeof rng>, birth: string) {
  const first17 = `440305${birth.replaceAll("-", "")}${String(r.int(100, 999))}`;
  return first17 + idCardCheckChar(first17);
}

/**
 * Loads the demo company of DOMAIN.md §4 in one transaction: org, roles, users, dictionaries,
 * products with FAB and advantage analyses, the default process, ~100 customers in every stage and
 * grade with communications, deals, stage history, plans, summaries, to-dos, training progress,
 * message templates and an audit trail. Dates are relative to today so reminders stay meaningful.
 */
export async function seedDemo(db: Db) {
  const r = rng(20151031);
  const now = Date.now();
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  await db.transaction(async (tx) => {
    // ---- org
    const unitId: Record<string, string> = {};
    const unitPath: Record<string, string> = {};
    for (const [i, u] of D.ORG.entries()) {
      const id = uuidv7();
      unitId[u.key] = id;
      unitPath[u.key] = `${u.parent ? unitPath[u.parent] : "/"}${id}/`;
      await tx.insert(s.orgUnits).values({ id, parentId: u.parent ? unitId[u.parent] : null, kind: u.kind, name: u.name, path: unitPath[u.key], sort: i });
    }
    const roleId: Record<string, string> = {};
    for (const role of DEFAULT_ROLES) {
      const [row] = await tx.insert(s.roles).values({ code: role.code, name: role.name, dataScope: role.dataScope, permissions: role.permissions }).returning();
      roleId[role.code] = row.id;
    }
    const user: Record<string, { id: string; unit: string; name: string }> = {};
    for (const u of D.USERS) {
      const [row] = await tx
        .insert(s.users)
        .values({ email: u.email, name: u.name, passwordHash, roleId: roleId[u.role], orgUnitId: unitId[u.unit], mobile: `1380000${String(Object.keys(user).length).padStart(4, "0")}` })
        .returning();
      user[u.email] = { id: row.id, unit: unitId[u.unit], name: u.name };
    }
    const gm = user["gm@demo.cn"];

    // ---- dictionaries
    const dict: Record<string, { id: string; label: string }[]> = {};
    for (const [kind, labels] of Object.entries(D.DICTIONARIES)) {
      dict[kind] = await tx
        .insert(s.dictionaryItems)
        .values(labels.map((label, sort) => ({ kind: kind as s.DictionaryKind, label, sort })))
        .returning({ id: s.dictionaryItems.id, label: s.dictionaryItems.label });
    }
    const regionByLabel = Object.fromEntries(dict.region.map((x) => [x.label, x.id]));
    dict.city = [];
    for (const [region, cities] of Object.entries(D.CITIES))
      dict.city.push(
        ...(await tx
          .insert(s.dictionaryItems)
          .values(cities.map((label, sort) => ({ kind: "city" as const, label, sort, parentId: regionByLabel[region] })))
          .returning({ id: s.dictionaryItems.id, label: s.dictionaryItems.label })),
      );
    const cityRegion = (cityId: string) => {
      const label = dict.city.find((c) => c.id === cityId)!.label;
      return regionByLabel[Object.entries(D.CITIES).find(([, cs]) => cs.includes(label))![0]];
    };
    await tx.insert(s.valueGrades).values(D.VALUE_GRADES.map((g, sort) => ({ ...g, periodMonths: 12, sort })));
    await tx.insert(s.appSettings).values([
      { key: "forgetting_curve_days", value: [1, 2, 4, 7, 15, 30, 60, 90, 180] },
      { key: "forgetting_curve_repeat_days", value: 180 },
    ]);

    // ---- products, FAB, advantage analysis
    const products: { id: string; name: string; price: string }[] = [];
    for (const p of D.PRODUCTS) {
      const [row] = await tx
        .insert(s.products)
        .values({ name: p.name, category: p.category, price: p.price, unit: p.unit, description: p.description, createdBy: gm.id, updatedBy: gm.id })
        .returning();
      products.push({ id: row.id, name: row.name, price: p.price });
      await tx
        .insert(s.fabEntries)
        .values(p.fab.map(([customerType, feature, advantage, benefit], sort) => ({ productId: row.id, customerType, feature, advantage, benefit, sort, authorId: user["sz1.manager@demo.cn"].id })));
      await tx
        .insert(s.advantageScores)
        .values(p.advantage.map(([competitor, dimension, ownScore, competitorScore]) => ({ productId: row.id, competitor, dimension, ownScore, competitorScore, authorId: user["sz1.manager@demo.cn"].id })));
    }

    // ---- processes
    const [defProcess] = await tx.insert(s.processes).values({ name: "标准销售流程", isDefault: true, description: "适用于大多数产品的八步销售流程" }).returning();
    const stages = await tx
      .insert(s.processStages)
      .values(D.DEFAULT_STAGES.map(([name, probability], sort) => ({ processId: defProcess.id, name, sort, probability })))
      .returning();
    const [erpProcess] = await tx.insert(s.processes).values({ name: "ERP 项目流程", productId: products[1].id, description: "软件项目：需求调研与实施评估" }).returning();
    await tx.insert(s.processStages).values(
      (
        [
          ["需求调研", 10],
          ["方案设计", 30],
          ["演示与试用", 50],
          ["商务谈判", 70],
          ["签约", 100],
        ] as const
      ).map(([name, probability], sort) => ({ processId: erpProcess.id, name, sort, probability })),
    );

    // ---- customers
    const mobiles = new Set<string>();
    type Made = { id: string; name: string; stage: Stage; owner: string; unit: string; metOn: string; companyName: string | null; kind: "individual" | "company" };
    const made: Made[] = [];
    const circlesRows: { customerId: string; circleId: string }[] = [];
    const stageRows: (typeof s.customerStageHistory.$inferInsert)[] = [];
    const dateRows: (typeof s.customerDates.$inferInsert)[] = [];
    const today = iso(new Date(now));

    for (const [email, book] of Object.entries(BOOK)) {
      const owner = user[email];
      const mine: Made[] = [];
      for (let i = 0; i < book.count; i++) {
        const isCompany = i < book.companies;
        const special = email === "sz1.rep1@demo.cn" && i === book.companies ? "张伟" : email === "sz1.rep1@demo.cn" && i === book.companies + 1 ? "李娜" : null;
        const name = isCompany ? `${r.pick(D.COMPANY_PREFIX)}${r.pick(D.COMPANY_CORE)}${r.pick(D.COMPANY_SUFFIX)}` : (special ?? `${r.pick(D.SURNAMES)}${r.pick(D.GIVEN)}`);
        // stage mix: more potential/target, fewer loyal
        const stage = STAGES[Math.min(4, Math.floor(Math.pow(r.next(), 1.3) * 5))];
        const createdDaysAgo = r.int(20, 720);
        const metOn = iso(daysAgo(createdDaysAgo + r.int(0, 30), now));
        const cityId = r.pick(dict.city).id;
        const company = !isCompany && r.chance(0.7) ? `${r.pick(D.COMPANY_PREFIX)}${r.pick(D.COMPANY_CORE)}${r.pick(D.COMPANY_SUFFIX)}` : null;
        const mobile = validMobile(r, mobiles);
        const gender = isCompany ? "unknown" : r.chance(0.55) ? "male" : "female";
        const birthYear = r.int(1965, 1995);
        const solarBirthday = !isCompany && r.chance(0.5) ? `${birthYear}-${String(r.int(1, 12)).padStart(2, "0")}-${String(r.int(1, 28)).padStart(2, "0")}` : null;
        // lunar birthdays: one in the coming week for sz1.rep1's 李娜, a 闰月 one for 张伟, some others
        let lunar: { y: number | null; m: number; d: number; leap: boolean } | null = null;
        if (special === "李娜") {
          const soon = solarToLunar(iso(daysAgo(-3, now)));
          lunar = { y: null, m: soon.month, d: soon.day, leap: false };
        } else if (special === "张伟") lunar = { y: 1987, m: 6, d: 8, leap: true };
        else if (!isCompany && !solarBirthday && r.chance(0.45)) lunar = { y: r.chance(0.5) ? birthYear : null, m: r.int(1, 12), d: r.int(1, 29), leap: false };
        const idCard = !isCompany && r.chance(0.15) ? idCardFor(r, solarBirthday ?? `${birthYear}-03-15`) : null;
        const title = isCompany ? null : r.pick(D.TITLES);
        const email2 = r.chance(0.6) ? `${namePinyin(name).slice(0, 12) || "kehu"}${r.int(1, 99)}@${r.pick(["163.com", "qq.com", "126.com", "company.cn"])}` : null;
        const [row] = await tx
          .insert(s.customers)
          .values({
            kind: isCompany ? "company" : "individual",
            name,
            namePinyin: namePinyin(name),
            companyName: isCompany ? name : company,
            title,
            mobile: isCompany ? null : mobile,
            landline: isCompany ? `0755-${r.int(2000, 8999)}${r.int(1000, 9999)}` : null,
            email: email2,
            qq: r.chance(0.3) ? String(r.int(10000000, 999999999)) : null,
            wechat: r.chance(0.6) ? `wx_${namePinyin(name).slice(0, 8)}${r.int(10, 99)}` : null,
            gender,
            address: `${dict.city.find((c) => c.id === cityId)!.label}市${r.pick(["南山区科技园", "福田区深南大道", "宝安区西乡", "龙岗区坂田", "浦东新区张江", "天河区珠江新城"])}${r.int(1, 300)}号`,
            website: isCompany ? `https://www.${namePinyin(name).slice(0, 10)}.com.cn` : null,
            companySize: isCompany ? r.pick(["20–50 人", "50–100 人", "100–500 人", "500 人以上"]) : null,
            sourceId: r.chance(0.85) ? r.pick(dict.source).id : null,
            introducerId: mine.length > 3 && r.chance(0.3) ? r.pick(mine.filter((m) => m.kind === "individual") as Made[])?.id ?? null : null,
            introducerText: r.chance(0.1) ? `${r.pick(D.SURNAMES)}${r.pick(D.GIVEN)}（朋友）` : null,
            firstImpression: r.chance(0.7) ? r.pick(D.IMPRESSIONS) : null,
            metOn,
            solarBirthday,
            lunarBirthYear: lunar?.y ?? null,
            lunarBirthMonth: lunar?.m ?? null,
            lunarBirthDay: lunar?.d ?? null,
            lunarBirthLeap: lunar?.leap ?? false,
            weddingAnniversary: !isCompany && r.chance(0.25) ? `${r.int(1995, 2020)}-${String(r.int(1, 12)).padStart(2, "0")}-${String(r.int(1, 28)).padStart(2, "0")}` : null,
            importantDateNotes: r.chance(0.15) ? "每年春节前寄一份家乡特产" : null,
            nativePlace: !isCompany && r.chance(0.6) ? r.pick(D.NATIVE_PLACES) : null,
            maritalStatus: isCompany ? "unknown" : r.pick(["married", "married", "single", "unknown"] as const),
            homeAddress: !isCompany && r.chance(0.3) ? `${dict.city.find((c) => c.id === cityId)!.label}市${r.pick(["万科城", "碧桂园", "华润城", "中海花园"])}${r.int(1, 30)}栋` : null,
            ...(idCard ? { idCardCipher: encrypt(idCard), idCardHash: keyedHash(idCard), idCardMasked: maskIdCard(idCard) } : {}),
            industryId: r.pick(dict.industry).id,
            cityId,
            regionId: cityRegion(cityId),
            stage,
            otherCategory: r.chance(0.3) ? r.pick(dict.other_category).label : null,
            creditGrade: r.chance(0.6) ? r.pick(dict.credit_grade).label : null,
            otherGrade: r.chance(0.2) ? r.pick(dict.other_grade).label : null,
            personality: !isCompany && r.chance(0.6) ? r.pick(D.PERSONALITIES) : null,
            ownerId: owner.id,
            orgUnitId: owner.unit,
            searchTokens: buildSearchTokens({ name, companyName: isCompany ? name : company, mobile: isCompany ? null : mobile, email: email2 }),
            createdBy: owner.id,
            updatedBy: owner.id,
            createdAt: daysAgo(createdDaysAgo, now),
            updatedAt: daysAgo(r.int(0, Math.min(createdDaysAgo, 60)), now),
          })
          .returning({ id: s.customers.id });
        const m: Made = { id: row.id, name, stage, owner: owner.id, unit: owner.unit, metOn, companyName: isCompany ? name : company, kind: isCompany ? "company" : "individual" };
        mine.push(m);
        made.push(m);
        // circles
        for (const c of dict.circle) if (r.chance(0.15)) circlesRows.push({ customerId: row.id, circleId: c.id });
        // stage history: walk up to the current stage
        let prev: Stage | null = null;
        const steps = STAGES.indexOf(stage);
        for (let k = 0; k <= steps; k++) {
          stageRows.push({
            customerId: row.id,
            fromStage: prev,
            toStage: STAGES[k],
            changedBy: owner.id,
            changedAt: daysAgo(Math.max(0, createdDaysAgo - k * Math.floor(createdDaysAgo / (steps + 1))), now),
            reason: k === 0 ? "新建客户" : null,
          });
          prev = STAGES[k];
        }
        if (r.chance(0.12)) dateRows.push({ customerId: row.id, label: r.pick(["公司周年庆", "孩子高考", "父亲生日", "乔迁纪念"]), date: `${r.int(2000, 2024)}-${String(r.int(1, 12)).padStart(2, "0")}-${String(r.int(1, 28)).padStart(2, "0")}`, createdBy: owner.id, updatedBy: owner.id });
      }
      // contact people for the companies
      for (const comp of mine.filter((x) => x.kind === "company")) {
        for (let k = 0; k < 2; k++) {
          const name = `${r.pick(D.SURNAMES)}${r.pick(D.GIVEN)}`;
          const mobile = validMobile(r, mobiles);
          await tx.insert(s.customers).values({
            kind: "individual",
            name,
            namePinyin: namePinyin(name),
            companyId: comp.id,
            companyName: comp.name,
            title: r.pick(D.TITLES),
            mobile,
            gender: r.chance(0.5) ? "male" : "female",
            metOn: comp.metOn,
            stage: comp.stage,
            ownerId: owner.id,
            orgUnitId: owner.unit,
            searchTokens: buildSearchTokens({ name, companyName: comp.name, mobile }),
            createdBy: owner.id,
            updatedBy: owner.id,
          });
        }
      }
    }
    if (circlesRows.length) await tx.insert(s.customerCircles).values(circlesRows);
    await tx.insert(s.customerStageHistory).values(stageRows);
    if (dateRows.length) await tx.insert(s.customerDates).values(dateRows);

    // ---- communications
    const METHODS = ["phone", "visit", "wechat", "sms", "email", "meeting", "other"] as const;
    const comms: (typeof s.communications.$inferInsert)[] = [];
    const lastContact = new Map<string, Date>();
    for (const c of made) {
      const n = c.stage === "potential" ? r.int(0, 2) : r.int(3, 8);
      const start = Date.parse(c.metOn);
      for (let k = 0; k < n; k++) {
        const [topic, purpose, summary, needs] = D.COMM_TOPICS[Math.min(k, D.COMM_TOPICS.length - 1)];
        const at = new Date(Math.min(now - 3600_000, start + (k + 1) * r.int(5, 40) * DAY + r.int(9, 18) * 3600_000));
        comms.push({
          customerId: c.id,
          contactName: c.kind === "company" ? `${r.pick(D.SURNAMES)}经理` : c.name,
          companyName: c.companyName,
          method: r.pick(METHODS),
          topic,
          purpose,
          interest: r.int(c.stage === "potential" ? 1 : 2, 5),
          summary,
          needsInsight: r.chance(0.7) ? needs : null,
          contactedAt: at,
          nextFollowUp: k === n - 1 && c.stage !== "loyal" && r.chance(0.5) ? iso(daysAgo(-r.int(0, 10), now)) : null,
          authorId: c.owner,
          ownerId: c.owner,
          orgUnitId: c.unit,
          createdBy: c.owner,
          updatedBy: c.owner,
          createdAt: at,
        });
        if (!lastContact.get(c.id) || lastContact.get(c.id)! < at) lastContact.set(c.id, at);
      }
    }
    for (let i = 0; i < comms.length; i += 200) await tx.insert(s.communications).values(comms.slice(i, i + 200));
    // raw SQL: these back-fills must not bump updated_at (drizzle's $onUpdate would)
    for (const [id, at] of lastContact) await tx.execute(sql`update customers set last_contact_at = ${at.toISOString()}::timestamptz where id = ${id}`);

    // ---- deals
    const wonByCustomer = new Map<string, number>();
    const dealHistory: (typeof s.dealStageHistory.$inferInsert)[] = [];
    const signed = stages[stages.length - 1];
    for (const c of made) {
      const plans: ("open" | "won" | "lost")[] =
        c.stage === "loyal" ? ["won", "won", r.chance(0.5) ? "open" : "won"] : c.stage === "closed" ? ["won", ...(r.chance(0.4) ? (["open"] as const) : [])] : c.stage === "prospect" ? ["open"] : c.stage === "target" && r.chance(0.4) ? [r.chance(0.25) ? "lost" : "open"] : [];
      for (const [k, status] of plans.entries()) {
        const product = r.pick(products);
        const qty = product.price.length > 8 ? 1 : r.int(2, 40);
        const amount = (Number(product.price) * qty * (1 - r.int(0, 15) / 100)).toFixed(2);
        const stage = status === "won" ? signed : status === "lost" ? stages[r.int(1, 5)] : stages[r.int(0, stages.length - 2)];
        const closedDaysAgo = r.int(5, 330) + k * 40;
        const [deal] = await tx
          .insert(s.deals)
          .values({
            customerId: c.id,
            productId: product.id,
            processId: defProcess.id,
            stageId: stage.id,
            title: `${c.name.slice(0, 10)} · ${product.name.split(" ")[0]}${qty > 1 ? ` ×${qty}` : ""}`,
            status,
            expectedAmount: amount,
            expectedDate: iso(daysAgo(status === "open" ? -r.int(5, 90) : closedDaysAgo, now)),
            probability: stage.probability,
            amount: status === "won" ? amount : null,
            closedOn: status === "open" ? null : iso(daysAgo(closedDaysAgo, now)),
            discount: status === "won" && r.chance(0.5) ? `${r.int(90, 98) / 10} 折` : null,
            paymentMethod: status === "won" ? r.pick(dict.payment_method).label : null,
            contractNo: status === "won" ? `HT-${2025 + (k % 2)}-${String(r.int(1, 9999)).padStart(4, "0")}` : null,
            successReasons: status === "won" ? r.pick(["决策人认可识别速度和售后承诺", "老客户转介绍，信任度高", "方案分期付款解决了资金顾虑"]) : null,
            failureReasons: status === "lost" ? r.pick(["价格高于竞品 20%，客户预算不足", "没有见到真正的决策人", "跟进间隔太长，被竞品抢先"]) : null,
            lessonsLearned: status !== "open" ? r.pick(["尽早见到决策人，用同行案例说话", "报价前先确认预算与付款方式", "按渐忘曲线保持接触，不给竞品留空档"]) : null,
            stageEnteredAt: daysAgo(status === "open" ? r.int(1, 40) : closedDaysAgo, now),
            ownerId: c.owner,
            orgUnitId: c.unit,
            createdBy: c.owner,
            updatedBy: c.owner,
            createdAt: daysAgo(closedDaysAgo + r.int(20, 90), now),
          })
          .returning({ id: s.deals.id });
        let from: string | null = null;
        for (const st of stages.slice(0, stages.indexOf(stage) + 1)) {
          dealHistory.push({ dealId: deal.id, fromStageId: from, toStageId: st.id, movedBy: c.owner, movedAt: daysAgo(closedDaysAgo + (stages.indexOf(stage) - st.sort) * 6, now) });
          from = st.id;
        }
        if (status === "won" && closedDaysAgo <= 365) wonByCustomer.set(c.id, (wonByCustomer.get(c.id) ?? 0) + Number(amount));
      }
    }
    for (let i = 0; i < dealHistory.length; i += 300) await tx.insert(s.dealStageHistory).values(dealHistory.slice(i, i + 300));
    // value grades from won revenue of the rolling 12 months
    for (const c of made) {
      const revenue = wonByCustomer.get(c.id) ?? 0;
      const grade = D.VALUE_GRADES.find((g) => revenue >= Number(g.minRevenue))!.code;
      await tx.execute(sql`update customers set value_grade = ${grade} where id = ${c.id}`);
    }

    // ---- plans, summaries, reviews, to-dos, reminders
    const reps = ["sz1.rep1@demo.cn", "sz1.rep2@demo.cn", "sz2.rep1@demo.cn", "sh.rep1@demo.cn", "dg.agent1@demo.cn"];
    const managerOf: Record<string, string> = {
      "sz1.rep1@demo.cn": "sz1.manager@demo.cn",
      "sz1.rep2@demo.cn": "sz1.manager@demo.cn",
      "sz2.rep1@demo.cn": "sz2.manager@demo.cn",
      "sh.rep1@demo.cn": "sh.manager@demo.cn",
      "dg.agent1@demo.cn": "gm@demo.cn",
    };
    const PERIODS = ["day", "week", "month", "quarter", "year"] as const;
    for (const email of reps) {
      const u = user[email];
      for (const [k, subject] of D.PLAN_SUBJECTS.slice(0, 6).entries()) {
        const period = PERIODS[k % PERIODS.length];
        const start = daysAgo(r.int(-5, 20), now);
        const length = { day: 0, week: 6, month: 29, quarter: 89, year: 364 }[period];
        const status = r.pick(["draft", "submitted", "approved", "returned"] as const);
        const [plan] = await tx
          .insert(s.plans)
          .values({
            ownerId: u.id,
            orgUnitId: u.unit,
            subject,
            period,
            startDate: iso(start),
            endDate: iso(new Date(start.getTime() + length * DAY)),
            important: r.chance(0.5),
            urgent: r.chance(0.4),
            category: r.pick(dict.plan_category).label,
            content: `${subject}：列出目标客户名单，准备资料，逐一落实并记录交流情况。`,
            completedOn: start.getTime() < now - 5 * DAY && r.chance(0.5) ? iso(daysAgo(r.int(0, 4), now)) : null,
            completion: r.chance(0.4) ? "已完成八成，剩余两位客户改约下周。" : null,
            reviewStatus: status,
            createdBy: u.id,
            updatedBy: u.id,
          })
          .returning({ id: s.plans.id });
        if (status === "approved" || status === "returned")
          await tx.insert(s.reviews).values({
            targetType: "plan",
            targetId: plan.id,
            reviewerId: user[managerOf[email]].id,
            action: status === "approved" ? "approve" : "return",
            comment: status === "approved" ? "计划清楚，按时推进。" : "目标客户太少，请补充到 15 位以上再提交。",
          });
      }
      await tx.insert(s.workSummaries).values({
        ownerId: u.id,
        orgUnitId: u.unit,
        period: "week",
        periodStart: iso(daysAgo(13, now)),
        periodEnd: iso(daysAgo(7, now)),
        content: "本周拜访客户 6 位，电话跟进 18 位；新增准客户 2 位，签约 1 单。下周重点推进两个 ERP 项目的方案。",
        reviewStatus: "submitted",
        createdBy: u.id,
        updatedBy: u.id,
      });
      await tx.insert(s.todos).values(
        D.TODO_TITLES.map(([quadrant, title], k) => ({
          ownerId: u.id,
          orgUnitId: u.unit,
          title,
          quadrant: quadrant as (typeof s.todoQuadrant.enumValues)[number],
          dueOn: iso(daysAgo(-k + 2, now)),
          doneAt: k % 3 === 2 ? daysAgo(1, now) : null,
          createdBy: u.id,
          updatedBy: u.id,
        })),
      );
      const first = made.find((c) => c.owner === u.id && c.stage !== "potential");
      if (first)
        await tx.insert(s.reminders).values({
          ownerId: u.id,
          kind: "follow_up",
          dedupeKey: `follow_up:${first.id}:${today}`,
          title: `跟进 ${first.name}`,
          dueOn: today,
          customerId: first.id,
          refType: "customer",
          refId: first.id,
        });
    }

    // ---- training progress
    const progress: [string, string, number | null, boolean][] = [
      ["sz1.rep1@demo.cn", "product-presentation", 100, true],
      ["sz1.rep1@demo.cn", "remember-more-people", 80, true],
      ["sz1.rep1@demo.cn", "be-remembered", null, false],
      ["sz1.rep2@demo.cn", "product-presentation", 60, false],
      ["sz1.rep2@demo.cn", "needs-identification", 83, true],
      ["sz2.rep1@demo.cn", "advantage-analysis", 67, false],
      ["sh.rep1@demo.cn", "remember-more-people", 100, true],
    ];
    await tx.insert(s.lessonProgress).values(
      progress.map(([email, slug, score, ex]) => ({
        userId: user[email].id,
        slug,
        readAt: daysAgo(r.int(1, 30), now),
        exerciseDoneAt: ex ? daysAgo(r.int(0, 10), now) : null,
        quizScore: score,
        quizBestScore: score,
        quizAttempts: score == null ? 0 : r.int(1, 3),
      })),
    );

    // ---- message templates and sends
    const [sms] = await tx
      .insert(s.messageTemplates)
      .values({ channel: "sms", name: "生日祝福（短信）", body: "{称呼}{姓名}，祝您生日快乐！愿新的一岁身体健康、万事顺意。——{业务员}", ownerId: gm.id, orgUnitId: unitId.hq })
      .returning();
    await tx.insert(s.messageTemplates).values({
      channel: "email",
      name: "新品介绍（邮件）",
      subject: "{姓名}您好：为{公司}准备的考勤升级方案",
      body: "{称呼}{姓名}，您好！\n\n上次交流时您提到月底算工资很麻烦。我们的 ZK-3000 支持断网本地存储，月底一键导出考勤，附件是同行业客户的案例，供您参考。\n\n祝工作顺利！",
      ownerId: user["sz1.manager@demo.cn"].id,
      orgUnitId: unitId.sz1,
    });
    const smsTargets = made.filter((c) => c.owner === user["sz1.rep1@demo.cn"].id && c.kind === "individual").slice(0, 3);
    for (const c of smsTargets)
      await tx.insert(s.messageSends).values({
        templateId: sms.id,
        channel: "sms",
        customerId: c.id,
        toAddress: "138****0000",
        body: `${c.name}，祝您生日快乐！愿新的一岁身体健康、万事顺意。——陈晓明`,
        status: "sent",
        sentAt: daysAgo(r.int(5, 60), now),
        idempotencyKey: `seed:${sms.id}:${c.id}`,
        ownerId: c.owner,
        orgUnitId: c.unit,
      });
    if (smsTargets[2]) await tx.insert(s.optOuts).values({ customerId: smsTargets[2].id, channel: "sms" });

    // ---- audit trail of the demo data's creation
    await tx.insert(s.auditLog).values(
      made.slice(0, 40).map((c) => ({ actorId: c.owner, action: "create", entityType: "customer", entityId: c.id, after: { name: c.name, stage: c.stage } })),
    );
  });
}
