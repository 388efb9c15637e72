"use client";
import { Check, Copy } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";

/** Shows a one-time password once; it is not stored anywhere the admin can see it again. */
export function OneTimePasswordDialog({
  value,
  onClose,
}: {
  value: { email: string; password: string } | null;
  onClose: () => void;
}) {
  const [isCopied, setCopied] = useState(false);
  return (
    <Dialog
      open={value !== null}
      onOpenChange={(open) => {
        if (!open) {
          setCopied(false);
          onClose();
        }
      }}
      title="One-time password"
      description={`Give this password to ${value?.email ?? ""} over a safe channel. It is shown only now, and must be changed at first sign-in.`}
    >
      <div className="flex items-center gap-2">
        <code data-testid="one-time-password" className="flex-1 rounded-md bg-slate-100 px-3 py-2 font-mono text-sm break-all">
          {value?.password}
        </code>
        <Button
          variant="secondary"
          aria-label="Copy password"
          onClick={() => {
            void navigator.clipboard?.writeText(value?.password ?? "").then(() => setCopied(true));
          }}
        >
          {isCopied ? <Check className="size-4" aria-hidden /> : <Copy className="size-4" aria-hidden />}
        </Button>
      </div>
      <div className="mt-5 flex justify-end">
        <Button onClick={onClose}>Done</Button>
      </div>
    </Dialog>
  );
}
