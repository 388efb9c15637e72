import { NextResponse, type NextRequest } from "next/server";
import { SESSION_COOKIE_NAMES } from "@/lib/auth/cookies";

/**
 * Cheap, early redirect to the sign-in page when there is no session cookie at all, and the path asked for
 * passed on to server components. Not a security boundary: every page and procedure checks the session
 * against the database itself.
 */
export function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  const hasSessionCookie = SESSION_COOKIE_NAMES.some((name) => req.cookies.has(name));
  if (!hasSessionCookie) {
    const url = req.nextUrl.clone();
    url.pathname = "/login";
    url.search = `?callbackUrl=${encodeURIComponent(pathname + search)}`;
    return NextResponse.redirect(url);
  }
  const headers = new Headers(req.headers);
  headers.set("x-stratus-path", pathname + search);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  // Everything but the sign-in page, API routes, Next's assets and public files.
  matcher: ["/((?!login|api/|_next/|favicon\\.ico|.*\\.(?:png|svg|ico|txt)$).*)"],
};
