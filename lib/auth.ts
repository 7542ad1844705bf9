import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "@/db/client";
import { clearFailures, lockedMinutes, recordFailure } from "@/db/queries/login-attempts";
import { getUserByEmail } from "@/db/queries/users";
import { hashPassword, verifyPassword } from "./password";

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().max(200).pipe(z.email()),
  password: z.string().min(1).max(200),
});

/** Shown for any wrong e-mail or password, so the form does not reveal which accounts exist. */
export const BAD_CREDENTIALS = "邮箱或密码不正确";

let dummyHash: Promise<string> | null = null;

export function clientIp(headers: Record<string, string | string[] | undefined> | Headers | undefined) {
  const get = (k: string) => (headers instanceof Headers ? headers.get(k) : (headers?.[k] as string | undefined));
  const fwd = get("x-forwarded-for");
  return (Array.isArray(fwd) ? fwd[0] : fwd)?.split(",")[0]?.trim() || get("x-real-ip") || "unknown";
}

/** Checks a sign-in, throttled per account and per IP. Returns the user id or throws a Chinese message. */
export async function authenticate(email: string, password: string, ip: string) {
  const parsed = credentialsSchema.safeParse({ email, password });
  if (!parsed.success) throw new Error(BAD_CREDENTIALS);
  const db = await getDb();
  const acctKey = `acct:${parsed.data.email}`;
  const ipKey = `ip:${ip}`;
  const locked = Math.max(await lockedMinutes(db, acctKey), await lockedMinutes(db, ipKey));
  if (locked) throw new Error(`登录失败次数过多，请 ${locked} 分钟后再试`);
  const user = await getUserByEmail(db, parsed.data.email);
  // verify against a dummy hash for unknown accounts so timing does not reveal them
  const ok = user
    ? user.active && (await verifyPassword(user.passwordHash, parsed.data.password))
    : (await verifyPassword(await (dummyHash ??= hashPassword("zhike-no-such-user")), parsed.data.password), false);
  if (!ok || !user) {
    await recordFailure(db, "account", acctKey);
    await recordFailure(db, "ip", ipKey);
    const nowLocked = Math.max(await lockedMinutes(db, acctKey), await lockedMinutes(db, ipKey));
    if (nowLocked) throw new Error(`登录失败次数过多，请 ${nowLocked} 分钟后再试`);
    throw new Error(BAD_CREDENTIALS);
  }
  await clearFailures(db, acctKey);
  return { id: user.id, email: user.email, name: user.name };
}

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 30 * 24 * 3600 },
  pages: { signIn: "/login" },
  providers: [
    CredentialsProvider({
      name: "email",
      credentials: { email: { label: "邮箱", type: "email" }, password: { label: "密码", type: "password" } },
      async authorize(credentials, req) {
        return authenticate(credentials?.email ?? "", credentials?.password ?? "", clientIp(req?.headers as never));
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) token.sub = user.id;
      return token;
    },
    async session({ session, token }) {
      if (session.user) (session.user as { id?: string }).id = token.sub;
      return session;
    },
  },
};
