"use client";
import { useEffect } from "react";

/** While `isDirty`, closing or reloading the tab asks the browser's "leave this page?" question first. */
export function useWarnBeforeUnload(isDirty: boolean) {
  useEffect(() => {
    if (!isDirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [isDirty]);
}
