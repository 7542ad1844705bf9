import { viaTrustedProxy } from "./forwarded";

/**
 * Same-site check for mutations. Next lets a server-action POST without an Origin header through and
 * route handlers have no CSRF check at all, so every mutation requires an Origin whose host is this
 * app's host (or one listed in ALLOWED_ORIGINS). X-Forwarded-Host names that host only when a proxy
 * in TRUSTED_PROXIES sent the request: otherwise it is whatever the client wrote (Next fills it from
 * Host only when absent, see lib/forwarded.ts).
 */
export function isSameOrigin(
  h: { get(name: string): string | null },
  allowed = process.env.ALLOWED_ORIGINS,
  throughTrustedProxy = viaTrustedProxy(h),
) {
  const origin = h.get("origin");
  if (!origin || origin === "null") return false;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return false;
  }
  const hosts = [throughTrustedProxy ? h.get("x-forwarded-host") : null, h.get("host")].filter(Boolean).map((s) => s!.split(",")[0].trim());
  if (hosts.includes(originHost)) return true;
  const extra = (allowed ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  return extra.some((o) => {
    try {
      return new URL(o).host === originHost;
    } catch {
      return false;
    }
  });
}
