import { useEffect, useState } from "react";

/**
 * The current time, refreshed every `intervalMs`; null until mounted. Times relative to "now" are drawn only
 * in the browser, so the server's HTML (another clock, another locale) never disagrees with the hydration.
 */
export function useNow(intervalMs: number): number | null {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}
