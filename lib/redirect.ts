/**
 * Where to send the user after signing in: a path of this app, never another site. The value is
 * resolved the way a browser will resolve it (tabs and newlines dropped, "\" read as "/", dot segments
 * removed), so "/\evil.example", "/<TAB>/evil.example" or "/.//evil.example" are seen for what they
 * are; anything that does not land on `origin`, or whose path would read as "//host" again, gives "/".
 * Returns path + search + hash.
 */
export function safeCallbackPath(raw: unknown, origin: string): string {
  if (typeof raw !== "string" || !raw) return "/";
  let base: URL;
  try {
    base = new URL(origin);
  } catch {
    return "/";
  }
  let target: URL;
  try {
    target = new URL(raw, base);
  } catch {
    return "/";
  }
  if (target.origin !== base.origin || target.username || target.password) return "/";
  const path = `${target.pathname}${target.search}${target.hash}`;
  // a normalised path may still start "//" ("/.//evil.example" → "//evil.example"), which a browser reads as a host
  if (!path.startsWith("/") || path.startsWith("//") || new URL(path, base).origin !== base.origin) return "/";
  return path;
}

/** The app's own origin for safeCallbackPath on the server (NEXTAUTH_URL; any fixed origin would do for relative paths). */
export function appOrigin(env: Record<string, string | undefined> = process.env) {
  try {
    return new URL(env.NEXTAUTH_URL || "http://localhost:3000").origin;
  } catch {
    return "http://localhost:3000";
  }
}
