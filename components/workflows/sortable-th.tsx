import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import { Th } from "@/components/ui/table";
import type { WORKFLOW_SORTS } from "@/lib/workflows/schemas";

export type SortColumn = (typeof WORKFLOW_SORTS)[number];
export type Sort = { column: SortColumn; direction: "asc" | "desc" };

/** A column header that sorts the list: a real button (keyboard), with the order announced via aria-sort. */
export function SortableTh({
  label,
  column,
  sort,
  onSort,
  className,
}: {
  label: string;
  column: SortColumn;
  sort: Sort;
  onSort: (column: SortColumn) => void;
  className?: string;
}) {
  const isActive = sort.column === column;
  const Icon = !isActive ? ArrowUpDown : sort.direction === "asc" ? ArrowUp : ArrowDown;
  return (
    <Th aria-sort={isActive ? (sort.direction === "asc" ? "ascending" : "descending") : "none"} className={className}>
      <button
        type="button"
        onClick={() => onSort(column)}
        className="-mx-1 inline-flex items-center gap-1 rounded px-1 tracking-wide uppercase hover:text-slate-900"
      >
        {label}
        <Icon className={isActive ? "size-3.5 text-slate-900" : "size-3.5 text-slate-400"} aria-hidden />
      </button>
    </Th>
  );
}

/** Clicking the sorted column flips it; another column starts in its natural order (names A–Z, dates newest first). */
export function nextSort(current: Sort, column: SortColumn): Sort {
  if (current.column === column) return { column, direction: current.direction === "asc" ? "desc" : "asc" };
  return { column, direction: column === "name" ? "asc" : "desc" };
}
