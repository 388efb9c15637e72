import { z } from "zod";
import { errorMessage } from "@/components/admin/use-error-message";

const issuesError = z.object({
  data: z.object({ issues: z.array(z.object({ path: z.string(), message: z.string() })).min(1) }),
});

/** Every problem of a refused import as "path: message" (server/trpc/init.ts), or the summary when there are none. */
export function importProblems(error: unknown): string[] {
  const parsed = issuesError.safeParse(error);
  if (!parsed.success) return [errorMessage(error)];
  return parsed.data.data.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
}
