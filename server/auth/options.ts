import "server-only";
import { eq } from "drizzle-orm";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { users } from "@/db/schema";
import { db } from "../db";
import { env, type Env } from "../env";
import { authenticate, normalizeEmail } from "./login";
import { authSecret } from "./secret";
import { SESSION_MAX_AGE_SECONDS } from "./session";

function clientIp(headers: Record<string, unknown> | undefined): string | null {
  const forwarded = headers?.["x-forwarded-for"];
  if (typeof forwarded === "string" && forwarded) return forwarded.split(",")[0]!.trim();
  const real = headers?.["x-real-ip"];
  return typeof real === "string" ? real : null;
}

/**
 * next-auth configuration. Built per request (cheap) so nothing reads the data folder at build time.
 * Sessions are JWTs holding only the user id; role and disabled state are read from the database on every
 * request (server/auth/session.ts).
 */
export function authOptions(e: Env = env()): NextAuthOptions {
  const providers: NextAuthOptions["providers"] = [
    CredentialsProvider({
      id: "credentials",
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        const email = typeof credentials?.email === "string" ? credentials.email : "";
        const password = typeof credentials?.password === "string" ? credentials.password : "";
        if (!email || !password) throw new Error("Enter your email and password.");
        const result = await authenticate(db(), { email, password, ip: clientIp(req.headers) });
        // next-auth passes a thrown error's message to the sign-in form as `error`.
        if (!result.ok) throw new Error(result.message);
        return { id: result.user.id, email: result.user.email, name: result.user.name };
      },
    }),
  ];
  if (e.isOidcEnabled) {
    providers.push({
      id: "oidc",
      name: e.STRATUS_OIDC_NAME,
      type: "oauth",
      wellKnown: `${e.STRATUS_OIDC_ISSUER!.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: e.STRATUS_OIDC_CLIENT_ID,
      clientSecret: e.STRATUS_OIDC_CLIENT_SECRET,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      profile(profile: { sub: string; email?: string; name?: string }) {
        return { id: profile.sub, email: profile.email ?? null, name: profile.name ?? profile.email ?? null };
      },
    });
  }

  return {
    secret: authSecret(),
    providers,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/login", error: "/login" },
    callbacks: {
      // OIDC only signs in people an admin has already added, and only while they are enabled.
      async signIn({ user, account }) {
        if (account?.provider !== "oidc") return true;
        if (!user.email) return false;
        const [row] = await db().select().from(users).where(eq(users.email, normalizeEmail(user.email))).limit(1);
        return Boolean(row && !row.isDisabled);
      },
      async jwt({ token, user, account }) {
        if (user && account?.provider === "oidc" && user.email) {
          const [row] = await db().select({ id: users.id }).from(users).where(eq(users.email, normalizeEmail(user.email)));
          if (row) token.sub = row.id;
        } else if (user) {
          token.sub = user.id;
        }
        return { sub: token.sub, iat: token.iat, exp: token.exp, jti: token.jti };
      },
    },
  };
}
