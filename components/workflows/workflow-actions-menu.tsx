"use client";
import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { Archive, ArchiveRestore, Copy, MoreHorizontal, Pencil, Trash2, type LucideIcon } from "lucide-react";
import { cn } from "@/lib/cn";
import type { WorkflowRow } from "./types";

export type WorkflowAction = "rename" | "duplicate" | "archive" | "restore" | "delete";

function Item({ icon: Icon, label, isDanger = false, onSelect }: { icon: LucideIcon; label: string; isDanger?: boolean; onSelect: () => void }) {
  return (
    <DropdownMenu.Item
      onSelect={onSelect}
      className={cn(
        "flex cursor-pointer items-center gap-2 rounded-md px-3 py-2 text-sm outline-none data-highlighted:bg-slate-100",
        isDanger ? "text-red-700 data-highlighted:bg-red-50" : "text-slate-700",
      )}
    >
      <Icon className="size-4" aria-hidden /> {label}
    </DropdownMenu.Item>
  );
}

/** The row's actions for editors; Delete only for those allowed to delete. */
export function WorkflowActionsMenu({
  workflow,
  canDelete,
  onAction,
}: {
  workflow: WorkflowRow;
  canDelete: boolean;
  onAction: (action: WorkflowAction, workflow: WorkflowRow) => void;
}) {
  // Not modal: a dialog opened from an item must own focus and pointer events once the menu closes.
  return (
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger
        aria-label={`Actions for ${workflow.name}`}
        className="inline-flex size-8 items-center justify-center rounded-md text-slate-600 hover:bg-slate-100 data-[state=open]:bg-slate-100"
      >
        <MoreHorizontal className="size-4" aria-hidden />
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content align="end" sideOffset={4} className="z-30 w-44 rounded-lg border border-slate-200 bg-white p-1 shadow-lg">
          <Item icon={Pencil} label="Rename" onSelect={() => onAction("rename", workflow)} />
          <Item icon={Copy} label="Duplicate" onSelect={() => onAction("duplicate", workflow)} />
          {workflow.isArchived ? (
            <Item icon={ArchiveRestore} label="Restore" onSelect={() => onAction("restore", workflow)} />
          ) : (
            <Item icon={Archive} label="Archive" onSelect={() => onAction("archive", workflow)} />
          )}
          {canDelete ? (
            <>
              <DropdownMenu.Separator className="my-1 h-px bg-slate-100" />
              <Item icon={Trash2} label="Delete" isDanger onSelect={() => onAction("delete", workflow)} />
            </>
          ) : null}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
