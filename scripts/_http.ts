/** HTTP helpers shared by the page benchmarks (bench:pages, bench:lighthouse). */

/**
 * Signs in through next-auth's credentials endpoint (CSRF token, then the callback) and returns the
 * Cookie header of the session; throws when no session cookie came back.
 */
export async function signInCookie(base: string, email: string, password: string) {
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
  };
  keep(csrfRes);
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie(), Origin: base },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  keep(res);
  await res.arrayBuffer();
  if (![...jar.keys()].some((k) => k.includes("session-token"))) throw new Error(`sign-in failed for ${email} (status ${res.status})`);
  return cookie();
}
