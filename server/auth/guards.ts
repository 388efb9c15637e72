import "server-only";
import { forbidden, redirect } from "next/navigation";
import { headers } from "next/headers";
import { safeCallbackUrl } from "@/lib/auth/cookies";
import { can, type Permission } from "./permissions";
import { getUserFromHeaders, type CurrentUser } from "./session";

/** The path the proxy saw, for redirects back after sign-in. */
export async function currentPath(): Promise<string> {
  return safeCallbackUrl((await headers()).get("x-stratus-path"));
}

/** For server components: the signed-in, enabled user, or a redirect to the sign-in page. */
export async function requireUser(): Promise<CurrentUser> {
  const user = await getUserFromHeaders(await headers());
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(await currentPath())}`);
  return user;
}

/** For server components: the user if their role has `permission`, otherwise a real HTTP 403 page. */
export async function requirePermission(permission: Permission): Promise<CurrentUser> {
  const user = await requireUser();
  if (!can(user.role, permission)) forbidden();
  return user;
}
