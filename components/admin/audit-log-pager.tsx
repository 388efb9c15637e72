"use client";
import { ChevronFirst, ChevronLast, ChevronLeft, ChevronRight } from "lucide-react";
import { useId } from "react";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/input";
import { AUDIT_PAGE_SIZES } from "@/lib/audit/schemas";

const number = new Intl.NumberFormat("en");

/** Page size, position and first/previous/next/last, all plain buttons and a select (keyboard as usual). */
export function AuditLogPager({
  page,
  pageSize,
  total,
  onPage,
  onPageSize,
}: {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
  onPageSize: (size: number) => void;
}) {
  const id = useId();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  return (
    <nav aria-label="Pagination" className="mt-3 flex flex-wrap items-center justify-between gap-3 text-sm text-slate-600">
      <div className="flex items-center gap-2">
        <label htmlFor={`${id}-size`}>Rows per page</label>
        <Select id={`${id}-size`} className="w-24" value={pageSize} onChange={(e) => onPageSize(Number(e.target.value))}>
          {AUDIT_PAGE_SIZES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </Select>
        <span aria-live="polite">
          {number.format(from)}–{number.format(to)} of {number.format(total)}
        </span>
      </div>
      <div className="flex items-center gap-1.5">
        <Button variant="secondary" size="sm" aria-label="First page" disabled={page <= 1} onClick={() => onPage(1)}>
          <ChevronFirst className="size-4" aria-hidden />
        </Button>
        <Button variant="secondary" size="sm" disabled={page <= 1} onClick={() => onPage(page - 1)}>
          <ChevronLeft className="size-4" aria-hidden /> Previous
        </Button>
        <span aria-current="page" className="px-1.5 whitespace-nowrap">
          Page {number.format(page)} of {number.format(pages)}
        </span>
        <Button variant="secondary" size="sm" disabled={page >= pages} onClick={() => onPage(page + 1)}>
          Next <ChevronRight className="size-4" aria-hidden />
        </Button>
        <Button variant="secondary" size="sm" aria-label="Last page" disabled={page >= pages} onClick={() => onPage(pages)}>
          <ChevronLast className="size-4" aria-hidden />
        </Button>
      </div>
    </nav>
  );
}
