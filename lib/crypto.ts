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
