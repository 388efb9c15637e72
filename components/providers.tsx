"use client";
import type { ReactNode } from "react";
import { z } from "zod";
import { TrpcProvider } from "./trpc-provider";
import { ToastProvider } from "./ui/toast";

// Zod probes whether it may compile parsers with `new Function`; the pages' CSP forbids eval, and the
// probe, although caught, is reported as a CSP violation. The browser parses without that JIT.
if (typeof window !== "undefined") z.config({ jitless: true });

export function Providers({ children }: { children: ReactNode }) {
  return (
    <TrpcProvider>
      <ToastProvider>{children}</ToastProvider>
    </TrpcProvider>
  );
}
