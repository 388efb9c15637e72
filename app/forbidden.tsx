import Link from "next/link";
import { ShieldX } from "lucide-react";

export default function Forbidden() {
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="max-w-md text-center">
        <ShieldX className="mx-auto mb-4 size-10 text-red-500" aria-hidden />
        <p className="text-sm font-semibold text-red-600">403 Forbidden</p>
        <h1 className="mt-1 text-2xl font-semibold text-slate-900">You don&apos;t have access to this page</h1>
        <p className="mt-2 text-sm text-slate-600">
          Your role does not include this area. If you need it, ask an administrator to change your role.
        </p>
        <Link href="/" className="mt-6 inline-block rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
          Back to the dashboard
        </Link>
      </div>
    </main>
  );
}
