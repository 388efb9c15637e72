"use client";
import { Download, FileCode2, GitCompare, Grid3x3, History, LayoutGrid, Maximize, Redo2, Save, Undo2 } from "lucide-react";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/cn";

export type RightTab = "inspect" | "code" | "versions";

function IconButton({ label, shortcut, onClick, disabled, pressed, children }: { label: string; shortcut?: string; onClick: () => void; disabled?: boolean; pressed?: boolean; children: ReactNode }) {
  return (
    <Button
      variant="ghost"
      size="sm"
      aria-label={label}
      aria-pressed={pressed}
      title={shortcut ? `${label} (${shortcut})` : label}
      onClick={onClick}
      disabled={disabled}
      className={cn(pressed && "bg-slate-100 text-brand-700")}
    >
      {children}
    </Button>
  );
}

export function Toolbar(props: {
  isEditable: boolean;
  canUndo: boolean;
  canRedo: boolean;
  isDirty: boolean;
  isSaving: boolean;
  isLayingOut: boolean;
  isSnapping: boolean;
  tab: RightTab;
  onUndo: () => void;
  onRedo: () => void;
  onLayout: () => void;
  onFit: () => void;
  onToggleSnap: () => void;
  onExport: (format: "json" | "yaml") => void;
  onTab: (tab: RightTab) => void;
  onSave: () => void;
}) {
  return (
    <div role="toolbar" aria-label="Designer tools" className="flex flex-wrap items-center gap-1">
      {props.isEditable ? (
        <>
          <IconButton label="Undo" shortcut="Ctrl+Z" onClick={props.onUndo} disabled={!props.canUndo}>
            <Undo2 className="size-4" aria-hidden />
          </IconButton>
          <IconButton label="Redo" shortcut="Ctrl+Shift+Z" onClick={props.onRedo} disabled={!props.canRedo}>
            <Redo2 className="size-4" aria-hidden />
          </IconButton>
          <IconButton label="Auto-layout" onClick={props.onLayout} disabled={props.isLayingOut}>
            <LayoutGrid className="size-4" aria-hidden />
          </IconButton>
          <IconButton label="Snap to grid" onClick={props.onToggleSnap} pressed={props.isSnapping}>
            <Grid3x3 className="size-4" aria-hidden />
          </IconButton>
        </>
      ) : null}
      <IconButton label="Fit view" onClick={props.onFit}>
        <Maximize className="size-4" aria-hidden />
      </IconButton>
      <span className="mx-1 h-5 w-px bg-slate-200" aria-hidden />
      <IconButton label="Export JSON" onClick={() => props.onExport("json")}>
        <Download className="size-4" aria-hidden />
        <span className="text-xs">JSON</span>
      </IconButton>
      <IconButton label="Export YAML" onClick={() => props.onExport("yaml")}>
        <Download className="size-4" aria-hidden />
        <span className="text-xs">YAML</span>
      </IconButton>
      <span className="mx-1 h-5 w-px bg-slate-200" aria-hidden />
      <IconButton label="Step settings" onClick={() => props.onTab("inspect")} pressed={props.tab === "inspect"}>
        <GitCompare className="size-4" aria-hidden />
      </IconButton>
      <IconButton label="YAML code" onClick={() => props.onTab("code")} pressed={props.tab === "code"}>
        <FileCode2 className="size-4" aria-hidden />
      </IconButton>
      <IconButton label="Versions" onClick={() => props.onTab("versions")} pressed={props.tab === "versions"}>
        <History className="size-4" aria-hidden />
      </IconButton>
      {props.isEditable ? (
        <Button size="sm" className="ml-2" onClick={props.onSave} isLoading={props.isSaving} disabled={!props.isDirty} title="Save a new version (Ctrl+S)">
          <Save className="size-4" aria-hidden /> {props.isDirty ? "Save" : "Saved"}
        </Button>
      ) : null}
    </div>
  );
}
