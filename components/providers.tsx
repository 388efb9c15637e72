"use client";
import type { ReactNode } from "react";
import { TrpcProvider } from "./trpc-provider";
import { ToastProvider } from "./ui/toast";

export function Providers({ children }: { children: ReactNode }) {
  return (
    <TrpcProvider>
      <ToastProvider>{children}</ToastProvider>
    </TrpcProvider>
  );
}
