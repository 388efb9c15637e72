"use client";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";

export type ImportFailure = { fileName: string; problems: string[] };

/** Why a file was refused: every problem with its path, so it can be fixed in one go. */
export function ImportFailedDialog({ failure, onClose }: { failure: ImportFailure | null; onClose: () => void }) {
  const count = failure?.problems.length ?? 0;
  return (
    <Dialog
      open={failure !== null}
      onOpenChange={(open) => !open && onClose()}
      title="Import failed"
      description={failure ? `Nothing was imported from ${failure.fileName}. ${count === 1 ? "Fix this problem" : `Fix these ${count} problems`} and try again.` : undefined}
    >
      <ul aria-label="Problems" className="max-h-72 list-disc space-y-1.5 overflow-y-auto rounded-md border border-red-200 bg-red-50 py-3 pr-3 pl-8 text-sm text-red-900">
        {failure?.problems.map((problem, i) => (
          <li key={i} className="font-mono text-xs break-words">
            {problem}
          </li>
        ))}
      </ul>
      <div className="mt-4 flex justify-end">
        <Button onClick={onClose}>Close</Button>
      </div>
    </Dialog>
  );
}
