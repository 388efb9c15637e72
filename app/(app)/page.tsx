import type { Metadata } from "next";
import Link from "next/link";
import { Boxes, PlayCircle, ShieldCheck, Workflow } from "lucide-react";
import { PageHeader } from "@/components/ui/page-header";
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from "@/lib/auth/roles";
import { requireUser } from "@/server/auth/guards";

export const metadata: Metadata = { title: "Dashboard" };

const SECTIONS = [
  { href: "/workflows", title: "Workflows", icon: Workflow, text: "Design provisioning, deploys and rollbacks as graphs." },
  { href: "/runs", title: "Runs", icon: PlayCircle, text: "Follow every run step by step, live." },
  { href: "/resources", title: "Resources", icon: Boxes, text: "See what is running, where, and what it costs." },
  { href: "/policies", title: "Policies", icon: ShieldCheck, text: "Rules that every run must pass." },
];

export default async function DashboardPage() {
  const user = await requireUser();
  return (
    <>
      <PageHeader title={`Welcome, ${user.name}`} description="Your cloud workflows at a glance." />
      <section aria-labelledby="role-heading" className="mb-6 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="role-heading" className="text-sm font-semibold text-slate-900">
          Your role: {ROLE_LABELS[user.role]}
        </h2>
        <p className="mt-1 text-sm text-slate-600">{ROLE_DESCRIPTIONS[user.role]}</p>
      </section>
      <div className="grid gap-4 sm:grid-cols-2">
        {SECTIONS.map(({ href, title, icon: Icon, text }) => (
          <Link key={href} href={href} className="group rounded-lg border border-slate-200 bg-white p-5 transition hover:border-brand-500 hover:shadow-sm">
            <Icon className="mb-3 size-6 text-brand-600" aria-hidden />
            <h2 className="font-semibold text-slate-900 group-hover:text-brand-700">{title}</h2>
            <p className="mt-1 text-sm text-slate-600">{text}</p>
            <p className="mt-3 text-xs font-medium text-slate-500">Live metrics arrive with the engine and dashboards.</p>
          </Link>
        ))}
      </div>
    </>
  );
}
