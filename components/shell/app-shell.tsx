"use client";
import {
  Boxes,
  Cloud,
  KeyRound,
  LayoutDashboard,
  Menu,
  Network,
  PlayCircle,
  ScrollText,
  ShieldCheck,
  Users,
  Workflow,
  X,
  type LucideIcon,
} from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useState, type ReactNode } from "react";
import type { Role } from "@/lib/auth/roles";
import { cn } from "@/lib/cn";
import { UserMenu } from "./user-menu";

export type NavKey = "dashboard" | "workflows" | "runs" | "resources" | "policies" | "users" | "providers" | "network" | "audit";
type NavItem = { key: NavKey; href: string; label: string; icon: LucideIcon };

const MAIN: NavItem[] = [
  { key: "dashboard", href: "/", label: "Dashboard", icon: LayoutDashboard },
  { key: "workflows", href: "/workflows", label: "Workflows", icon: Workflow },
  { key: "runs", href: "/runs", label: "Runs", icon: PlayCircle },
  { key: "resources", href: "/resources", label: "Resources", icon: Boxes },
  { key: "policies", href: "/policies", label: "Policies", icon: ShieldCheck },
];
const ADMIN: NavItem[] = [
  { key: "users", href: "/admin/users", label: "Users", icon: Users },
  { key: "providers", href: "/admin/providers", label: "Provider accounts", icon: KeyRound },
  { key: "network", href: "/admin/network", label: "Network", icon: Network },
  { key: "audit", href: "/admin/audit", label: "Audit log", icon: ScrollText },
];

function isActive(pathname: string, href: string) {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

function NavLinks({ items, pathname }: { items: NavItem[]; pathname: string }) {
  return (
    <ul className="space-y-0.5">
      {items.map(({ href, label, icon: Icon }) => {
        const active = isActive(pathname, href);
        return (
          <li key={href}>
            <Link
              href={href}
              aria-current={active ? "page" : undefined}
              className={cn(
                "flex items-center gap-2.5 rounded-md px-3 py-2 text-sm font-medium transition-colors",
                active ? "bg-white/10 text-white" : "text-slate-300 hover:bg-white/5 hover:text-white",
              )}
            >
              <Icon className="size-4" aria-hidden />
              {label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

export function AppShell({
  user,
  allowed,
  children,
}: {
  user: { name: string; email: string; role: Role };
  allowed: NavKey[];
  children: ReactNode;
}) {
  const pathname = usePathname();
  const [isOpen, setOpen] = useState(false);
  useEffect(() => setOpen(false), [pathname]);
  // The designer uses the whole width and height below the header.
  const isFullBleed = /^\/workflows\/[^/]+/.test(pathname);
  const main = MAIN.filter((i) => allowed.includes(i.key));
  const admin = ADMIN.filter((i) => allowed.includes(i.key));

  const sidebar = (
    <nav aria-label="Main" className="flex h-full flex-col gap-6 bg-slate-900 px-3 py-4">
      <Link href="/" className="flex items-center gap-2 px-3 text-white">
        <Cloud className="size-6 text-brand-500" aria-hidden />
        <span className="text-lg font-semibold tracking-tight">Stratus</span>
      </Link>
      <NavLinks items={main} pathname={pathname} />
      {admin.length > 0 ? (
        <div>
          <p className="mb-1 px-3 text-xs font-semibold tracking-wider text-slate-500 uppercase">Admin</p>
          <NavLinks items={admin} pathname={pathname} />
        </div>
      ) : null}
    </nav>
  );

  return (
    <div className="min-h-screen lg:pl-60">
      <aside className="fixed inset-y-0 left-0 hidden w-60 lg:block">{sidebar}</aside>
      {isOpen ? (
        <div className="fixed inset-0 z-40 lg:hidden">
          <button type="button" aria-label="Close menu" className="absolute inset-0 bg-slate-900/50" onClick={() => setOpen(false)} />
          <aside className="relative h-full w-64">{sidebar}</aside>
        </div>
      ) : null}
      <header className="sticky top-0 z-30 flex h-14 items-center gap-3 border-b border-slate-200 bg-white/90 px-4 backdrop-blur lg:px-8">
        <button
          type="button"
          className="rounded-md p-1.5 text-slate-600 hover:bg-slate-100 lg:hidden"
          aria-label={isOpen ? "Close menu" : "Open menu"}
          aria-expanded={isOpen}
          onClick={() => setOpen((o) => !o)}
        >
          {isOpen ? <X className="size-5" aria-hidden /> : <Menu className="size-5" aria-hidden />}
        </button>
        <div className="flex-1" />
        <UserMenu user={user} />
      </header>
      <main className={isFullBleed ? "" : "mx-auto max-w-6xl px-4 py-6 lg:px-8"}>{children}</main>
    </div>
  );
}
