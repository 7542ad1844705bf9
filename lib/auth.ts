import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb, type Db } from "@/db/client";
import { clearFailures, lockedMinutes, recordFailure, recordLoginEvent } from "@/db/queries/login-attempts";
import { bumpSessionVersion, getUserByEmail } from "@/db/queries/users";
import { clientIp } from "./forwarded";
import { hashPassword, verifyPassword } from "./password";
import { safeCallbackPath } from "./redirect";
import { localizeMessage } from "./validation/messages-en";
import { requestLocale } from "@/i18n/locale";

export { clientIp };

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().max(200).pipe(z.email()),
  password: z.string().min(1).max(200),
});

/** Shown for any wrong e-mail or password, so the form does not reveal which accounts exist. */
export const BAD_CREDENTIALS = "邮箱或密码不正确";

let dummyHash: Promise<string> | null = null;

/**
 * Checks a sign-in, throttled per account and per IP (`ip` from clientIp). Returns the user with the
 * session generation to sign into the token, or throws a Chinese message.
 */
export async function authenticate(email: string, password: string, ip: string, database?: Db) {
  const parsed = credentialsSchema.safeParse({ email, password });
  if (!parsed.success) throw new Error(BAD_CREDENTIALS);
  const db = database ?? (await getDb());
  const acctKey = `acct:${parsed.data.email}`;
  const ipKey = `ip:${ip}`;
  const locked = Math.max(await lockedMinutes(db, acctKey), await lockedMinutes(db, ipKey));
  if (locked) {
    await recordLoginEvent(db, { userId: (await getUserByEmail(db, parsed.data.email))?.id ?? null, email: parsed.data.email, ip, result: "locked" });
    throw new Error(`登录失败次数过多，请 ${locked} 分钟后再试`);
  }
  const user = await getUserByEmail(db, parsed.data.email);
  // verify against a dummy hash for unknown accounts so timing does not reveal them
  const ok = user
    ? user.active && (await verifyPassword(user.passwordHash, parsed.data.password))
    : (await verifyPassword(await (dummyHash ??= hashPassword("zhike-no-such-user")), parsed.data.password), false);
  if (!ok || !user) {
    // the sign-in history (系统管理 → 用户): the outcome as the admin needs it, never shown to the visitor
    await recordLoginEvent(db, { userId: user?.id ?? null, email: parsed.data.email, ip, result: !user ? "unknown" : user.active ? "bad_password" : "inactive" });
    await recordFailure(db, "account", acctKey);
    await recordFailure(db, "ip", ipKey);
    const nowLocked = Math.max(await lockedMinutes(db, acctKey), await lockedMinutes(db, ipKey));
    if (nowLocked) throw new Error(`登录失败次数过多，请 ${nowLocked} 分钟后再试`);
    throw new Error(BAD_CREDENTIALS);
  }
  await clearFailures(db, acctKey);
  await recordLoginEvent(db, { userId: user.id, email: user.email, ip, result: "ok" });
  return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
}

/** The user id and session generation a session token carries; null for a token without them (issued before generations). */
export function tokenSession(token: { sub?: unknown; sv?: unknown } | null | undefined) {
  if (!token || typeof token.sub !== "string" || typeof token.sv !== "number") return null;
  return { userId: token.sub, sessionVersion: token.sv };
}

/** Sign-out: retires the token's session generation, so copies of the cookie stop working too. */
export async function endSession(token: Parameters<typeof tokenSession>[0], database?: Db) {
  const s = tokenSession(token);
  if (s) await bumpSessionVersion(database ?? (await getDb()), s.userId, s.sessionVersion);
}

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 30 * 24 * 3600 },
  pages: { signIn: "/login" },
  providers: [
    CredentialsProvider({
      name: "email",
      credentials: { email: { label: "邮箱", type: "email" }, password: { label: "密码", type: "password" } },
      async authorize(credentials, req) {
        try {
          return await authenticate(credentials?.email ?? "", credentials?.password ?? "", clientIp(req?.headers));
        } catch (e) {
          // the sign-in form shows this message as it is: in the language the visitor chose
          if (e instanceof Error) throw new Error(localizeMessage(e.message, await requestLocale()));
          throw e;
        }
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.sv = (user as { sessionVersion?: number }).sessionVersion;
      }
      return token;
    },
    async session({ session, token }) {
      if (session.user) Object.assign(session.user, { id: token.sub, sessionVersion: token.sv });
      return session;
    },
    // next-auth's default lets "/\evil.example" through as a path; only this app's own paths are followed
    async redirect({ url, baseUrl }) {
      return new URL(safeCallbackPath(url, baseUrl), baseUrl).href;
    },
  },
  events: {
    // the JWT itself cannot be recalled: retiring its generation makes a copied cookie worthless
    async signOut({ token }) {
      await endSession(token);
    },
  },
};
