/**
 * The two SMS providers through their official SDKs, each pointed at a local HTTP server that verifies the
 * request's signature the way the provider documents it and records the messages:
 * - Alibaba Cloud, V3 signature ACS3-HMAC-SHA256 (what @alicloud/dysmsapi20170525 4.x signs with):
 *   canonical request = method, path, sorted RFC 3986 query, signed headers, payload hash; signature =
 *   hex HMAC-SHA256(AccessKeySecret, "ACS3-HMAC-SHA256\n" + hex SHA-256(canonical request)).
 * - Tencent Cloud, TC3-HMAC-SHA256: canonical request as above (JSON body); the key derived as
 *   HMAC("TC3"+SecretKey, date) → service → "tc3_request"; string to sign with the timestamp and scope.
 *   The SDK names the scope's service after the endpoint's first label (sms.tencentcloudapi.com → sms), so
 *   against 127.0.0.1 it is "127": the server takes the service from the scope and checks the rest.
 */
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { transportFor } from "@/lib/marketing/transports";

const sha256 = (s: string | Buffer) => crypto.createHash("sha256").update(s).digest("hex");
const hmac = (key: crypto.BinaryLike, s: string) => crypto.createHmac("sha256", key).update(s).digest();
const rfc3986 = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

type Got = { provider: "aliyun" | "tencent"; phone: string; text: string; sign: string; template: string; signatureOk: boolean };
const got: Got[] = [];
const ALIYUN = { id: "LTAI-test-id", secret: "aliyun-test-secret" };
const TENCENT = { id: "AKID-test-id", key: "tencent-test-key" };

function verifyAliyun(req: http.IncomingMessage, url: URL, body: string) {
  const auth = String(req.headers.authorization ?? "");
  const m = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m || m[1] !== ALIYUN.id) return false;
  const signed = m[2].split(";");
  if (!signed.includes("host") || !signed.includes("x-acs-date") || !signed.includes("x-acs-content-sha256")) return false;
  if (req.headers["x-acs-content-sha256"] !== sha256(body)) return false;
  const query = [...url.searchParams.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`)
    .join("&");
  const headers = signed.map((h) => `${h}:${String(req.headers[h] ?? "").trim()}\n`).join("");
  const canonical = [req.method, url.pathname, query, headers, m[2], sha256(body)].join("\n");
  const want = hmac(ALIYUN.secret, `ACS3-HMAC-SHA256\n${sha256(canonical)}`).toString("hex");
  return want === m[3];
}

function verifyTencent(req: http.IncomingMessage, url: URL, body: string) {
  const auth = String(req.headers.authorization ?? "");
  const m = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([^/]+)\/tc3_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m || m[1] !== TENCENT.id) return false;
  const [, , date, service, signedHeaders, signature] = m;
  const ts = Number(req.headers["x-tc-timestamp"]);
  if (new Date(ts * 1000).toISOString().slice(0, 10) !== date || Math.abs(Date.now() / 1000 - ts) > 300) return false;
  const signed = signedHeaders.split(";");
  if (!signed.includes("content-type") || !signed.includes("host")) return false;
  // the SDK signs the endpoint's host name (the real endpoints have no port; this local one has)
  const value = (h: string) => (h === "host" ? String(req.headers.host ?? "").replace(/:\d+$/, "") : String(req.headers[h] ?? "").trim());
  const headers = signed.map((h) => `${h}:${value(h)}\n`).join("");
  const canonical = [req.method, url.pathname, url.search.slice(1), headers, signedHeaders, sha256(body)].join("\n");
  const scope = `${date}/${service}/tc3_request`;
  const toSign = `TC3-HMAC-SHA256\n${ts}\n${scope}\n${sha256(canonical)}`;
  const k = hmac(hmac(hmac(`TC3${TENCENT.key}`, date), service), "tc3_request");
  return hmac(k, toSign).toString("hex") === signature;
}

let server: http.Server;
let base: string;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const url = new URL(req.url ?? "/", "http://local");
      res.setHeader("content-type", "application/json");
      if (req.headers["x-tc-action"] === "SendSms") {
        const ok = verifyTencent(req, url, body);
        const p = JSON.parse(body) as { PhoneNumberSet: string[]; TemplateParamSet: string[]; SignName: string; TemplateId: string };
        got.push({ provider: "tencent", phone: p.PhoneNumberSet[0], text: p.TemplateParamSet[0], sign: p.SignName, template: p.TemplateId, signatureOk: ok });
        res.end(
          JSON.stringify(
            ok
              ? { Response: { SendStatusSet: [{ SerialNo: `tc-${got.length}`, PhoneNumber: p.PhoneNumberSet[0], Fee: 1, Code: "Ok", Message: "send success" }], RequestId: "r" } }
              : { Response: { Error: { Code: "AuthFailure.SignatureFailure", Message: "signature mismatch" }, RequestId: "r" } },
          ),
        );
      } else if (req.headers["x-acs-action"] === "SendSms") {
        const ok = verifyAliyun(req, url, body);
        const q = url.searchParams;
        got.push({ provider: "aliyun", phone: q.get("PhoneNumbers") ?? "", text: (JSON.parse(q.get("TemplateParam") ?? "{}") as { content: string }).content, sign: q.get("SignName") ?? "", template: q.get("TemplateCode") ?? "", signatureOk: ok });
        if (!ok) res.statusCode = 400;
        res.end(JSON.stringify(ok ? { Code: "OK", Message: "OK", BizId: `ali-${got.length}`, RequestId: "r" } : { Code: "SignatureDoesNotMatch", Message: "signature mismatch", RequestId: "r" }));
      } else {
        res.statusCode = 404;
        res.end("{}");
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("SMS providers", () => {
  test("Alibaba Cloud SMS: signed requests, the personalised text with the opt-out in the template variable", async () => {
    const t = await transportFor("sms", { SMS_PROVIDER: "aliyun", ALIYUN_SMS_ACCESS_KEY_ID: ALIYUN.id, ALIYUN_SMS_ACCESS_KEY_SECRET: ALIYUN.secret, ALIYUN_SMS_ENDPOINT: base, SMS_SIGN_NAME: "知客", SMS_TEMPLATE_ID: "SMS_123" });
    expect(t.name).toBe("aliyun");
    const r = await t.send({ to: "13900000001", text: "王先生，您好！月底前来店有礼 (a+b=c*)" });
    expect(r.providerId).toMatch(/^ali-/);
    expect(got.at(-1)).toEqual({ provider: "aliyun", phone: "13900000001", text: "王先生，您好！月底前来店有礼 (a+b=c*) 回T退订", sign: "知客", template: "SMS_123", signatureOk: true });
    // a wrong secret is refused by the server and the send fails
    const bad = await transportFor("sms", { SMS_PROVIDER: "aliyun", ALIYUN_SMS_ACCESS_KEY_ID: ALIYUN.id, ALIYUN_SMS_ACCESS_KEY_SECRET: "wrong", ALIYUN_SMS_ENDPOINT: base, SMS_SIGN_NAME: "知客", SMS_TEMPLATE_ID: "SMS_123" });
    await expect(bad.send({ to: "13900000001", text: "x" })).rejects.toThrow();
    expect(got.at(-1)!.signatureOk).toBe(false);
  });

  test("Tencent Cloud SMS: TC3-HMAC-SHA256 signed, +86 numbers, the text in the template's parameter", async () => {
    const env = { SMS_PROVIDER: "tencent", TENCENT_SMS_SECRET_ID: TENCENT.id, TENCENT_SMS_SECRET_KEY: TENCENT.key, TENCENT_SMS_APP_ID: "1400000000", TENCENT_SMS_ENDPOINT: base, SMS_SIGN_NAME: "知客", SMS_TEMPLATE_ID: "888" };
    const t = await transportFor("sms", env);
    expect(t.name).toBe("tencent");
    const r = await t.send({ to: "13900000002", text: "李女士，生日快乐！" });
    expect(r.providerId).toMatch(/^tc-/);
    expect(got.at(-1)).toEqual({ provider: "tencent", phone: "+8613900000002", text: "李女士，生日快乐！ 回T退订", sign: "知客", template: "888", signatureOk: true });
    const bad = await transportFor("sms", { ...env, TENCENT_SMS_SECRET_KEY: "wrong" });
    await expect(bad.send({ to: "13900000002", text: "x" })).rejects.toThrow();
    expect(got.at(-1)!.signatureOk).toBe(false);
  });

  test("no provider configured: the file transport", async () => {
    expect((await transportFor("sms", { DATA_DIR: "/tmp/zhike-h15-outbox" })).name).toBe("file");
  });
});
