/**
 * Where messages go. E-mail: SMTP (nodemailer, SMTP_URL as the daily digest uses) or, when SMTP_URL is not
 * set, the file transport. SMS: Alibaba Cloud SMS (@alicloud/dysmsapi20170525) or Tencent Cloud SMS
 * (tencentcloud-sdk-nodejs-sms) through their official SDKs, chosen by SMS_PROVIDER, or the file transport
 * (the embedded default: each message appended as one JSON line to DATA_DIR/outbox/<channel>.jsonl, and
 * the page says that nothing leaves the machine).
 *
 * Configuration (env):
 *   SMTP_URL, MAIL_FROM                                  e-mail; MARKETING_EMAIL_RATE (per second, 200)
 *   SMS_PROVIDER=aliyun|tencent, SMS_SIGN_NAME, SMS_TEMPLATE_ID   the provider's template has one variable
 *     (content; Tencent: {1}) that carries the personalised text; MARKETING_SMS_RATE (per second, 20)
 *   ALIYUN_SMS_ACCESS_KEY_ID, ALIYUN_SMS_ACCESS_KEY_SECRET, ALIYUN_SMS_ENDPOINT (dysmsapi.aliyuncs.com)
 *   TENCENT_SMS_SECRET_ID, TENCENT_SMS_SECRET_KEY, TENCENT_SMS_APP_ID, TENCENT_SMS_REGION (ap-guangzhou),
 *     TENCENT_SMS_ENDPOINT (sms.tencentcloudapi.com)
 * An endpoint may carry its scheme (http://127.0.0.1:8080 for a local test server); https by default.
 */
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { smsBody } from "./template";

export type OutMessage = { to: string; subject?: string | null; text: string; html?: string; headers?: Record<string, string> };
export type SendResult = { providerId?: string | null };

export type Transport = {
  name: "smtp" | "file" | "aliyun" | "tencent";
  channel: "sms" | "email";
  /** Messages per second at most (the limiter in lib/marketing/sender.ts). */
  rate: number;
  /** Messages in flight at once. */
  concurrency: number;
  send(m: OutMessage): Promise<SendResult>;
  close(): Promise<void>;
};

type Env = Record<string, string | undefined>;

const num = (v: string | undefined, d: number) => (v && Number(v) > 0 ? Number(v) : d);

/** "http://host:port" or "host" → protocol + host, https by default. */
export function splitEndpoint(endpoint: string) {
  const m = /^(https?):\/\/([^/]+)\/?$/.exec(endpoint.trim());
  return m ? { protocol: m[1] as "http" | "https", host: m[2] } : { protocol: "https" as const, host: endpoint.trim().replace(/\/$/, "") };
}

/** What is configured, without secrets (shown on the page). */
export function transportName(channel: "sms" | "email", env: Env = process.env): Transport["name"] {
  if (channel === "email") return env.SMTP_URL ? "smtp" : "file";
  const p = env.SMS_PROVIDER;
  return p === "aliyun" || p === "tencent" ? p : "file";
}

export function outboxFile(channel: "sms" | "email", env: Env = process.env) {
  return path.join(path.resolve(/*turbopackIgnore: true*/ env.DATA_DIR || ".data"), "outbox", `${channel}.jsonl`);
}

function fileTransport(channel: "sms" | "email", env: Env): Transport {
  const file = outboxFile(channel, env);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return {
    name: "file",
    channel,
    rate: num(env.MARKETING_FILE_RATE, 1000),
    concurrency: 1,
    async send(m) {
      const line = JSON.stringify({ at: new Date().toISOString(), channel, to: m.to, subject: m.subject ?? undefined, text: channel === "sms" ? smsBody(m.text) : m.text, headers: m.headers }) + "\n";
      await fs.promises.appendFile(file, line, "utf8");
      return {};
    },
    async close() {},
  };
}

/**
 * The TCP connection nodemailer's pool speaks SMTP over, opened with Nagle's algorithm off. SMTP is a
 * request/response protocol of small writes (the message's last line and "." follow its body): with Nagle on,
 * each message waited on the server's delayed ACK (~40 ms on Linux): 101 ms per message and connection
 * against 31 ms without (local smtp-server, loaded machine). nodemailer does the TLS (implicit for smtps://,
 * or STARTTLS) over this socket itself.
 */
function noDelaySocket(options: { host?: string; port?: number | string; secure?: boolean }, callback: (err: Error | null, socket?: { connection: net.Socket }) => void) {
  const socket = net.connect({ host: options.host || "localhost", port: Number(options.port) || (options.secure ? 465 : 587), noDelay: true });
  const fail = (e: Error) => callback(e);
  const slow = () => socket.destroy(new Error("SMTP connection timed out"));
  socket.setTimeout(20_000, slow);
  socket.once("error", fail);
  socket.once("connect", () => {
    // from here nodemailer owns the socket, its errors and its idle timeout (socketTimeout)
    socket.off("error", fail);
    socket.off("timeout", slow);
    socket.setTimeout(0);
    callback(null, { connection: socket });
  });
}

async function smtpTransport(env: Env): Promise<Transport> {
  const nodemailer = await import("nodemailer");
  // pooled: a handful of connections reused for the whole campaign; timeouts well inside the sender's lease
  const { parseConnectionUrl } = await import("nodemailer/lib/shared");
  const fromUrl = parseConnectionUrl(env.SMTP_URL!) as ReturnType<typeof parseConnectionUrl> & { proxy?: string };
  // createTransport(url, x) takes x as defaults of each *message*, not as transport options: given that way the
  // pool options were ignored and every message opened its own connection (~100 messages/s at best). The
  // URL's own settings (host, port, auth, ?tls.…, ?proxy=) are applied over these.
  const t = nodemailer.createTransport({
    pool: true,
    maxConnections: num(env.MARKETING_SMTP_CONNECTIONS, 8),
    maxMessages: Infinity,
    connectionTimeout: 20_000,
    greetingTimeout: 20_000,
    socketTimeout: 30_000,
    // nodemailer opens its proxy connections itself (?proxy=…)
    ...(fromUrl.proxy ? {} : { getSocket: noDelaySocket }),
    ...fromUrl,
  } as never);
  const from = env.MAIL_FROM || "知客 CRM <noreply@zhike.local>";
  return {
    name: "smtp",
    channel: "email",
    rate: num(env.MARKETING_EMAIL_RATE, 500),
    concurrency: num(env.MARKETING_SMTP_CONNECTIONS, 8) * 2,
    async send(m) {
      const info = await t.sendMail({ from, to: m.to, subject: m.subject ?? "", text: m.text, html: m.html, headers: m.headers, textEncoding: "base64" });
      return { providerId: info.messageId };
    },
    async close() {
      t.close();
    },
  };
}

async function aliyunTransport(env: Env): Promise<Transport> {
  const [sdk, core] = await Promise.all([import("@alicloud/dysmsapi20170525"), import("@alicloud/openapi-core")]);
  // CommonJS modules with __esModule: the class is `default`, or `default.default` through Node's ESM wrapper
  const Dysmsapi = ((sdk.default as { default?: unknown }).default ?? sdk.default) as typeof sdk.default;
  const ep = splitEndpoint(env.ALIYUN_SMS_ENDPOINT || "dysmsapi.aliyuncs.com");
  const client = new Dysmsapi(
    new core.$OpenApiUtil.Config({ accessKeyId: env.ALIYUN_SMS_ACCESS_KEY_ID, accessKeySecret: env.ALIYUN_SMS_ACCESS_KEY_SECRET, endpoint: ep.host, protocol: ep.protocol, readTimeout: 20_000, connectTimeout: 10_000 }),
  );
  return {
    name: "aliyun",
    channel: "sms",
    rate: num(env.MARKETING_SMS_RATE, 20),
    concurrency: 4,
    async send(m) {
      const r = await client.sendSms(new sdk.SendSmsRequest({ phoneNumbers: m.to, signName: env.SMS_SIGN_NAME, templateCode: env.SMS_TEMPLATE_ID, templateParam: JSON.stringify({ content: smsBody(m.text) }) }));
      if (r.body?.code !== "OK") throw new Error(`阿里云短信: ${r.body?.code ?? "?"} ${r.body?.message ?? ""}`.trim());
      return { providerId: r.body.bizId ?? null };
    },
    async close() {},
  };
}

async function tencentTransport(env: Env): Promise<Transport> {
  const { sms } = await import("tencentcloud-sdk-nodejs-sms");
  const ep = splitEndpoint(env.TENCENT_SMS_ENDPOINT || "sms.tencentcloudapi.com");
  const client = new sms.v20210111.Client({
    credential: { secretId: env.TENCENT_SMS_SECRET_ID, secretKey: env.TENCENT_SMS_SECRET_KEY },
    region: env.TENCENT_SMS_REGION || "ap-guangzhou",
    profile: { httpProfile: { endpoint: ep.host, protocol: `${ep.protocol}://`, reqTimeout: 20 } },
  });
  return {
    name: "tencent",
    channel: "sms",
    rate: num(env.MARKETING_SMS_RATE, 20),
    concurrency: 4,
    async send(m) {
      const r = await client.SendSms({ PhoneNumberSet: [m.to.startsWith("+") ? m.to : `+86${m.to}`], SmsSdkAppId: env.TENCENT_SMS_APP_ID ?? "", SignName: env.SMS_SIGN_NAME, TemplateId: env.SMS_TEMPLATE_ID ?? "", TemplateParamSet: [smsBody(m.text)] });
      const s = r.SendStatusSet?.[0];
      if (!s || s.Code !== "Ok") throw new Error(`腾讯云短信: ${s?.Code ?? "?"} ${s?.Message ?? ""}`.trim());
      return { providerId: s.SerialNo ?? null };
    },
    async close() {},
  };
}

/** The transport of a channel as configured now. */
export async function transportFor(channel: "sms" | "email", env: Env = process.env): Promise<Transport> {
  const name = transportName(channel, env);
  if (name === "smtp") return smtpTransport(env);
  if (name === "aliyun") return aliyunTransport(env);
  if (name === "tencent") return tencentTransport(env);
  return fileTransport(channel, env);
}

/** A simple pacer: take() resolves no sooner than 1/rate seconds after the previous one. */
export function pacer(rate: number) {
  const gap = 1000 / rate;
  let next = 0;
  return async function take() {
    const now = performance.now();
    const at = Math.max(now, next);
    next = at + gap;
    if (at > now) await new Promise((r) => setTimeout(r, at - now));
  };
}
