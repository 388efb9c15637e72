"use client";
import { formText } from "@/lib/form-data";
import { Cloud } from "lucide-react";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/input";

export function LoginForm({
  callbackUrl,
  oidcName,
  initialError,
}: {
  callbackUrl: string;
  oidcName: string | null;
  initialError?: string;
}) {
  const [error, setError] = useState<string | undefined>(initialError);
  const [isSubmitting, setSubmitting] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setSubmitting(true);
    setError(undefined);
    try {
      const result = await signIn("credentials", {
        email: formText(form, "email"),
        password: formText(form, "password"),
        redirect: false,
      });
      if (!result || result.error) {
        setError(result?.error && result.error !== "CredentialsSignin" ? result.error : "Invalid email or password.");
        setSubmitting(false);
        return;
      }
      // A full load so every server component sees the new session.
      window.location.assign(callbackUrl);
    } catch {
      setError("Could not reach the server. Check your connection and try again.");
      setSubmitting(false);
    }
  }

  return (
    <div className="w-full max-w-sm rounded-2xl bg-white p-8 shadow-2xl">
      <div className="mb-6 flex items-center gap-2">
        <Cloud className="size-7 text-brand-600" aria-hidden />
        <span className="text-xl font-semibold tracking-tight">Stratus</span>
      </div>
      <h1 className="text-lg font-semibold text-slate-900">Sign in</h1>
      <p className="mb-6 text-sm text-slate-600">Design, run and govern your cloud workflows.</p>
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <Field id="email" label="Email">
          <Input id="email" name="email" type="email" autoComplete="username" required autoFocus />
        </Field>
        <Field id="password" label="Password">
          <Input id="password" name="password" type="password" autoComplete="current-password" required />
        </Field>
        {error ? (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
            {error}
          </p>
        ) : null}
        <Button type="submit" className="w-full" isLoading={isSubmitting}>
          Sign in
        </Button>
      </form>
      {oidcName ? (
        <>
          <div className="my-4 flex items-center gap-3 text-xs text-slate-400">
            <span className="h-px flex-1 bg-slate-200" /> or <span className="h-px flex-1 bg-slate-200" />
          </div>
          <Button variant="secondary" className="w-full" onClick={() => void signIn("oidc", { callbackUrl })}>
            Continue with {oidcName}
          </Button>
        </>
      ) : null}
    </div>
  );
}
