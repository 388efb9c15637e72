import { NextResponse, type NextRequest } from "next/server";
import { SESSION_COOKIE_NAMES } from "@/lib/auth/cookies";
import { contentSecurityPolicy, newNonce } from "@/server/security/csp";

/** Pages that anyone may open; every other page needs a session. */
const PUBLIC_PATHS = ["/login"];

/**
 * Runs before every page: sets the Content-Security-Policy with a fresh nonce (server/security/csp.ts),
 * and redirects to the sign-in page early when there is no session cookie at all, passing on the path
 * asked for. The redirect is not a security boundary: every page and procedure checks the session against
 * the database itself.
 */
export function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  // Replaced at build time; not configuration, so server/env.ts has no say.
  // eslint-disable-next-line no-restricted-properties
  const csp = contentSecurityPolicy(newNonce(), { isDev: process.env.NODE_ENV === "development" });
  const isPublic = PUBLIC_PATHS.some((p) => pathname === p || pathname.startsWith(`${p}/`));
  const hasSessionCookie = SESSION_COOKIE_NAMES.some((name) => req.cookies.has(name));
  let response: NextResponse;
  if (!isPublic && !hasSessionCookie) {
    const url = req.nextUrl.clone();
    url.pathname = "/login";
    url.search = `?callbackUrl=${encodeURIComponent(pathname + search)}`;
    response = NextResponse.redirect(url);
  } else {
    const headers = new Headers(req.headers);
    headers.set("x-stratus-path", pathname + search);
    // Next.js takes the nonce for its scripts from the request's policy.
    headers.set("content-security-policy", csp);
    response = NextResponse.next({ request: { headers } });
  }
  response.headers.set("content-security-policy", csp);
  return response;
}

export const config = {
  // Every page, the sign-in page and error pages included; not API routes (next.config.js gives them a
  // policy of their own), Next's assets or public files.
  matcher: ["/((?!api/|_next/|favicon\\.ico|.*\\.(?:png|svg|ico|txt)$).*)"],
};
