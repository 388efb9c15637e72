import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { safeCallbackUrl } from "@/lib/auth/cookies";
import { getUserFromHeaders } from "@/server/auth/session";
import { env } from "@/server/env";

export const metadata: Metadata = { title: "Sign in" };

/** next-auth's error codes (OIDC and others) in words a person can act on. */
const ERROR_MESSAGES: Record<string, string> = {
  AccessDenied: "This account may not sign in here. Ask an administrator to add or enable it.",
  OAuthSignin: "Single sign-on could not start. Try again or use your password.",
  OAuthCallback: "Single sign-on did not complete. Try again or use your password.",
  SessionRequired: "Sign in to continue.",
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  if (await getUserFromHeaders(await headers())) redirect(callbackUrl);
  const e = env();
  const error = params.error ? (ERROR_MESSAGES[params.error] ?? "Sign-in failed. Try again.") : undefined;
  return (
    <main className="flex min-h-screen items-center justify-center bg-gradient-to-br from-slate-900 via-slate-800 to-brand-700 p-4">
      <LoginForm callbackUrl={callbackUrl} oidcName={e.isOidcEnabled ? e.STRATUS_OIDC_NAME : null} initialError={error} />
    </main>
  );
}
