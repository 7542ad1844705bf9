import crypto from "node:crypto";

/**
 * The app's master secret. NEXTAUTH_SECRET signs sessions; the ID-card encryption and hash keys are
 * derived from ENCRYPTION_KEY when set (recommended in production, so rotating the session secret
 * does not orphan encrypted data), else from NEXTAUTH_SECRET.
 */
function master(): string {
  const s = process.env.ENCRYPTION_KEY || process.env.NEXTAUTH_SECRET;
  if (!s) throw new Error("NEXTAUTH_SECRET (or ENCRYPTION_KEY) is not set");
  return s;
}

export function deriveKey(purpose: string) {
  return Buffer.from(crypto.hkdfSync("sha256", master(), "zhike-crm", purpose, 32));
}
