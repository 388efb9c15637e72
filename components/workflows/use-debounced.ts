import { useEffect, useState } from "react";

/** `value`, once it has stopped changing for `ms` (so typing in a search box sends one query, not ten). */
export function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return debounced;
}
