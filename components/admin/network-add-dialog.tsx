"use client";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc-provider";
import { Dialog } from "@/components/ui/dialog";
import { FormActions, useFormErrors } from "@/components/ui/form";
import { Field, Input } from "@/components/ui/input";
import { formText } from "@/lib/form-data";

/** Adds one allow-list entry; the server checks the pattern and says what is wrong with it. */
export function NetworkAddDialog({ open, onOpenChange, onAdded }: { open: boolean; onOpenChange: (open: boolean) => void; onAdded: (pattern: string) => void }) {
  const trpc = useTRPC();
  const add = useMutation(trpc.egress.add.mutationOptions());
  const { errors, formError, submit } = useFormErrors(["pattern", "note"]);

  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Allow a destination" description="Steps may then call it although it is a private, loopback, link-local or metadata address.">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          void submit(async () => {
            const entry = await add.mutateAsync({ pattern: formText(form, "pattern"), note: formText(form, "note") });
            onOpenChange(false);
            onAdded(entry.pattern);
          });
        }}
        className="space-y-4"
        noValidate
      >
        <Field id="allow-pattern" label="Host name, IP address or CIDR block" error={errors.pattern} hint="e.g. api.internal.example, 10.0.4.20 or 10.0.0.0/16 (IPv6 too). Every port.">
          <Input id="allow-pattern" name="pattern" autoComplete="off" spellCheck={false} aria-invalid={Boolean(errors.pattern)} aria-describedby={errors.pattern ? "allow-pattern-error" : "allow-pattern-hint"} required />
        </Field>
        <Field id="allow-note" label="Note" error={errors.note} hint="Why it is allowed, for the next admin.">
          <Input id="allow-note" name="note" autoComplete="off" aria-invalid={Boolean(errors.note)} />
        </Field>
        <FormActions formError={formError} onCancel={() => onOpenChange(false)} submitLabel="Allow" isPending={add.isPending} />
      </form>
    </Dialog>
  );
}
