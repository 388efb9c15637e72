/** The message and per-field errors of a tRPC error, as the server formatted them (server/trpc/init.ts). */
export type FieldErrors = Record<string, string>;

export function errorMessage(error: unknown): string {
  return error instanceof Error && error.message ? error.message : "Something went wrong. Please try again.";
}

export function fieldErrors(error: unknown): FieldErrors {
  const data = (error as { data?: { fieldErrors?: FieldErrors } } | null)?.data;
  return data?.fieldErrors ?? {};
}
