"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Upload } from "lucide-react";
import { useRouter } from "next/navigation";
import { useRef, useState, type ChangeEvent } from "react";
import { useTRPC } from "@/components/trpc-provider";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import { ImportFailedDialog, type ImportFailure } from "./import-failed-dialog";
import { importProblems } from "./import-issues";

const MAX_BYTES = 1024 * 1024;

function formatOf(fileName: string): "json" | "yaml" | undefined {
  const ext = fileName.toLowerCase().split(".").pop();
  if (ext === "json") return "json";
  if (ext === "yaml" || ext === "yml") return "yaml";
  return undefined; // the server tells JSON from YAML by the content
}

/** Imports a workflow file (as exported from the designer) and opens it; a refused file lists every problem. */
export function ImportWorkflowButton() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const toast = useToast();
  const input = useRef<HTMLInputElement>(null);
  const [failure, setFailure] = useState<ImportFailure | null>(null);
  const [isReading, setReading] = useState(false);
  const importFile = useMutation(trpc.workflows.import.mutationOptions());

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = ""; // choosing the same file again (after fixing it) fires another change
    if (!file) return;
    if (file.size > MAX_BYTES) {
      const size = (file.size / MAX_BYTES).toFixed(1);
      setFailure({ fileName: file.name, problems: [`The file is ${size} MB; workflow files can be at most 1 MB.`] });
      return;
    }
    setReading(true);
    try {
      const text = await file.text();
      const created = await importFile.mutateAsync({ text, format: formatOf(file.name) });
      toast.success(`Imported "${created.name}".`);
      void queryClient.invalidateQueries({ queryKey: trpc.workflows.list.pathKey() });
      router.push(`/workflows/${created.id}`);
    } catch (error) {
      setFailure({ fileName: file.name, problems: importProblems(error) });
    } finally {
      setReading(false);
    }
  }

  return (
    <>
      <input
        ref={input}
        type="file"
        accept=".json,.yaml,.yml,application/json,application/yaml"
        className="sr-only"
        tabIndex={-1}
        aria-hidden
        onChange={(e) => void onFile(e)}
      />
      <Button variant="secondary" isLoading={isReading} onClick={() => input.current?.click()}>
        {isReading ? null : <Upload className="size-4" aria-hidden />} Import
      </Button>
      <ImportFailedDialog failure={failure} onClose={() => setFailure(null)} />
    </>
  );
}
