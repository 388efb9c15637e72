"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input } from "@/components/ui/input";

/** Saving creates a new immutable version; a draft with problems may be saved, but not run. */
export function SaveDialog({ open, onOpenChange, isSaving, errorCount, onSave }: { open: boolean; onOpenChange: (o: boolean) => void; isSaving: boolean; errorCount: number; onSave: (message: string) => void }) {
  const [message, setMessage] = useState("");
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Save a new version" description="Versions are immutable; runs pin the version they ran.">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSave(message.trim());
          setMessage("");
        }}
        className="space-y-4"
      >
        <Field id="version-message" label="What changed (optional)">
          <Input id="version-message" value={message} maxLength={500} onChange={(e) => setMessage(e.target.value)} placeholder="e.g. Add a health check before the switch" autoFocus />
        </Field>
        {errorCount > 0 ? (
          <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
            This draft has {errorCount} problem{errorCount === 1 ? "" : "s"}. You can save it, but it cannot run until they are fixed.
          </p>
        ) : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button type="submit" isLoading={isSaving}>
            Save version
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
