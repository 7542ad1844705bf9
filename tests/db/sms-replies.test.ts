/**
 * 回T退订 by the SMS providers' reply callbacks (上行短信): the public route
 * /api/sms/replies/<provider>/<token> with the bodies Alibaba Cloud (SmsUp, HTTP批量推送) and Tencent Cloud
 * (短信回复 callback) document, sent as raw JSON text the way the providers POST them.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import type { OpenedDb } from "@/db/client";
import { auditLog, customers, optOuts } from "@/db/schema";
import type { Viewer } from "@/lib/viewer";
import { freshDb, viewerFor } from "./helpers";

vi.mock("server-only", () => ({}));

const TOKENS = { aliyun: "ali-callback-secret-0123456789abcdef", tencent: "tx-callback-secret-0123456789abcdef" };
const saved = { a: process.env.ALIYUN_SMS_CALLBACK_TOKEN, t: process.env.TENCENT_SMS_CALLBACK_TOKEN };
let o: OpenedDb;
let rep: Viewer;
let other: Viewer;
const MOBILE = "13912345678";
let ids: string[] = [];
let bystander: string;

beforeAll(async () => {
  o = await freshDb();
  (globalThis as { __zhikeDb?: Promise<OpenedDb> }).__zhikeDb = Promise.resolve(o);
  process.env.ALIYUN_SMS_CALLBACK_TOKEN = TOKENS.aliyun;
  process.env.TENCENT_SMS_CALLBACK_TOKEN = TOKENS.tencent;
  [rep, other] = await Promise.all([viewerFor(o.db, "sz1.rep1@demo.cn"), viewerFor(o.db, "sz2.rep1@demo.cn")]);
  // the same mobile on two cards (a person and the same person at their company, two owners), and a bystander
  const rows = await o.db
    .insert(customers)
    .values([
      { name: "回复甲", mobile: MOBILE, ownerId: rep.id, orgUnitId: rep.orgUnitId },
      { name: "回复甲（公司）", mobile: MOBILE, ownerId: other.id, orgUnitId: other.orgUnitId },
      { name: "回复乙", mobile: "13800001111", ownerId: rep.id, orgUnitId: rep.orgUnitId },
      { name: "回复丙", mobile: "13700002222", ownerId: rep.id, orgUnitId: rep.orgUnitId },
    ])
    .returning();
  ids = [rows[0].id, rows[1].id];
  bystander = rows[3].id;
});

afterAll(async () => {
  for (const [k, v] of [["ALIYUN_SMS_CALLBACK_TOKEN", saved.a], ["TENCENT_SMS_CALLBACK_TOKEN", saved.t]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  delete (globalThis as { __zhikeDb?: unknown }).__zhikeDb;
  await o?.close();
});

async function post(provider: string, token: string, body: string) {
  const { POST } = await import("@/app/api/sms/replies/[provider]/[token]/route");
  const url = `http://localhost:3000/api/sms/replies/${provider}/${encodeURIComponent(token)}`;
  const res = await POST(new Request(url, { method: "POST", headers: { "content-type": "application/json; charset=utf-8" }, body }), { params: Promise.resolve({ provider, token: encodeURIComponent(token) }) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const smsOptOuts = async (customerId: string) => o.db.select().from(optOuts).where(and(eq(optOuts.customerId, customerId), eq(optOuts.channel, "sms")));
const audits = async (customerId: string) => o.db.select().from(auditLog).where(and(eq(auditLog.entityType, "opt_out"), eq(auditLog.entityId, customerId)));

// Alibaba Cloud's documented SmsUp push: a JSON array, several replies per request possible
const aliyun = (items: { phone: string; content: string; seq: number }[]) =>
  JSON.stringify(items.map((i) => ({ phone_number: i.phone, send_time: "2026-12-03 10:00:00", content: i.content, sign_name: "知客", dest_code: "1234", sequence_id: i.seq })), null, 2);
// Tencent Cloud's documented reply callback: one object
const tencent = (mobile: string, text: string) => JSON.stringify({ extend: "", mobile, nationcode: "86", sign: "知客", text, time: 1796313600 });

describe("Alibaba Cloud SMS reply push", () => {
  test("a wrong or missing token is refused and records nothing", async () => {
    const body = aliyun([{ phone: MOBILE, content: "TD", seq: 1 }]);
    expect(await post("aliyun", "not-the-secret-0123456789", body)).toMatchObject({ status: 403, json: { code: 1 } });
    // the other provider's secret is not this one's
    expect((await post("aliyun", TOKENS.tencent, body)).status).toBe(403);
    expect(await smsOptOuts(ids[0])).toEqual([]);
  });

  test("TD records an SMS opt-out for every customer with that mobile, audited; answered as Alibaba documents", async () => {
    const r = await post("aliyun", TOKENS.aliyun, aliyun([{ phone: MOBILE, content: " td ", seq: 2 }, { phone: "13800001111", content: "好的，谢谢", seq: 3 }]));
    expect(r).toEqual({ status: 200, json: { code: 0, msg: "接收成功" } });
    for (const id of ids) {
      expect(await smsOptOuts(id)).toMatchObject([{ source: "provider" }]);
      expect(await audits(id)).toMatchObject([{ action: "create", actorId: null, after: { channel: "sms", source: "provider", provider: "aliyun" } }]);
    }
    // a reply that is not an opt-out is acknowledged and ignored
    const [bystanderReply] = await o.db.select({ id: customers.id }).from(customers).where(eq(customers.mobile, "13800001111"));
    expect(await smsOptOuts(bystanderReply.id)).toEqual([]);
  });

  test("the same push again (the provider retries) changes nothing and is still acknowledged", async () => {
    const r = await post("aliyun", TOKENS.aliyun, aliyun([{ phone: MOBILE, content: "TD", seq: 2 }]));
    expect(r).toEqual({ status: 200, json: { code: 0, msg: "接收成功" } });
    for (const id of ids) {
      expect(await smsOptOuts(id)).toHaveLength(1);
      expect(await audits(id)).toHaveLength(1);
    }
  });

  test("a body that is not the documented format is refused (400), and not JSON too", async () => {
    expect(await post("aliyun", TOKENS.aliyun, JSON.stringify({ phone_number: MOBILE, content: "T" }))).toMatchObject({ status: 400, json: { code: 1 } });
    expect((await post("aliyun", TOKENS.aliyun, "phone_number=13912345678&content=T")).status).toBe(400);
  });
});

describe("Tencent Cloud SMS reply callback", () => {
  test("a wrong token is refused", async () => {
    expect(await post("tencent", TOKENS.aliyun, tencent("13700002222", "T"))).toMatchObject({ status: 403, json: { result: 1 } });
    expect(await smsOptOuts(bystander)).toEqual([]);
  });

  test("other text is acknowledged and ignored; 退订 (and T, full-width or any case) records the opt-out once", async () => {
    for (const text of ["请问什么时候发货", "Thanks", "TDD", "不要退订"]) expect(await post("tencent", TOKENS.tencent, tencent("13700002222", text))).toEqual({ status: 200, json: { result: 0, errmsg: "OK" } });
    expect(await smsOptOuts(bystander)).toEqual([]);
    expect(await post("tencent", TOKENS.tencent, tencent("13700002222", "退订"))).toEqual({ status: 200, json: { result: 0, errmsg: "OK" } });
    expect(await post("tencent", TOKENS.tencent, tencent("13700002222", "ｔ"))).toEqual({ status: 200, json: { result: 0, errmsg: "OK" } });
    expect(await smsOptOuts(bystander)).toMatchObject([{ source: "provider" }]);
    expect(await audits(bystander)).toMatchObject([{ after: { channel: "sms", source: "provider", provider: "tencent" } }]);
  });

  test("a number of another country, or an unknown mobile, opts nobody out", async () => {
    const [c] = await o.db.insert(customers).values({ name: "回复丁", mobile: "13600003333", ownerId: rep.id, orgUnitId: rep.orgUnitId }).returning();
    const body = JSON.stringify({ extend: "", mobile: "13600003333", nationcode: "852", sign: "知客", text: "T", time: 1796313600 });
    expect((await post("tencent", TOKENS.tencent, body)).status).toBe(200);
    expect((await post("tencent", TOKENS.tencent, tencent("13500009999", "T"))).status).toBe(200);
    expect(await smsOptOuts(c.id)).toEqual([]);
  });

  test("a provider without a configured token has no callback; an unknown provider neither", async () => {
    delete process.env.TENCENT_SMS_CALLBACK_TOKEN;
    try {
      expect((await post("tencent", TOKENS.tencent, tencent("13700002222", "T"))).status).toBe(404);
    } finally {
      process.env.TENCENT_SMS_CALLBACK_TOKEN = TOKENS.tencent;
    }
    expect((await post("huawei", TOKENS.tencent, tencent("13700002222", "T"))).status).toBe(404);
  });
});
