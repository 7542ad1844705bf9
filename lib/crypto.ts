import crypto from "node:crypto";
import { deriveKey } from "./secrets";

/** AES-256-GCM: "v1.<iv>.<tag>.<ciphertext>" in base64url. */
export function encrypt(plain: string) {
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv("aes-256-gcm", deriveKey("id-card-encryption"), iv);
  const data = Buffer.concat([c.update(plain, "utf8"), c.final()]);
  return ["v1", iv.toString("base64url"), c.getAuthTag().toString("base64url"), data.toString("base64url")].join(".");
}

export function decrypt(token: string) {
  const [v, iv, tag, data] = token.split(".");
  if (v !== "v1") throw new Error("unknown cipher version");
  const d = crypto.createDecipheriv("aes-256-gcm", deriveKey("id-card-encryption"), Buffer.from(iv, "base64url"));
  d.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([d.update(Buffer.from(data, "base64url")), d.final()]).toString("utf8");
}

/** Keyed hash for equality checks (duplicate ID cards) without decrypting. */
export function keyedHash(value: string) {
  return crypto.createHmac("sha256", deriveKey("id-card-hash")).update(value).digest("base64url");
}

/** A signed, non-expiring token naming one customer and channel (the e-mail's unsubscribe link): "<payload>.<mac>". */
export function signToken(purpose: string, payload: string) {
  const body = Buffer.from(payload, "utf8").toString("base64url");
  const mac = crypto.createHmac("sha256", deriveKey(`token:${purpose}`)).update(body).digest("base64url").slice(0, 32);
  return `${body}.${mac}`;
}

/** The payload of a token signed for `purpose`, or null when it was not (tampered, other purpose, garbage). */
export function verifyToken(purpose: string, token: string): string | null {
  const [body, mac, extra] = String(token).split(".");
  if (!body || !mac || extra !== undefined) return null;
  const want = crypto.createHmac("sha256", deriveKey(`token:${purpose}`)).update(body).digest("base64url").slice(0, 32);
  if (mac.length !== want.length || !crypto.timingSafeEqual(Buffer.from(mac), Buffer.from(want))) return null;
  return Buffer.from(body, "base64url").toString("utf8");
}
