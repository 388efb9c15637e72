import type { TRPC_ERROR_CODE_KEY } from "@trpc/server";

/**
 * The one error type services throw. User errors (bad input, conflicts, denials) carry a message meant for
 * the person and, where one field is at fault, its path. Anything that is not an AppError is a bug and
 * reaches the client as a generic 500 without internals.
 *
 * @example throw new AppError("CONFLICT", "A user with this e-mail already exists.", { field: "email" })
 */
export const APP_ERROR_CODES = {
  BAD_INPUT: { trpc: "BAD_REQUEST", http: 400 },
  UNAUTHENTICATED: { trpc: "UNAUTHORIZED", http: 401 },
  FORBIDDEN: { trpc: "FORBIDDEN", http: 403 },
  NOT_FOUND: { trpc: "NOT_FOUND", http: 404 },
  CONFLICT: { trpc: "CONFLICT", http: 409 },
  /** A policy denies it (the issues list each step and policy). */
  POLICY_DENIED: { trpc: "PRECONDITION_FAILED", http: 412 },
  RATE_LIMITED: { trpc: "TOO_MANY_REQUESTS", http: 429 },
  RETRYABLE: { trpc: "SERVICE_UNAVAILABLE", http: 503 },
} as const satisfies Record<string, { trpc: TRPC_ERROR_CODE_KEY; http: number }>;

export type AppErrorCode = keyof typeof APP_ERROR_CODES;

/** One problem of a larger input (a workflow definition, an imported file), by path. */
export type PathIssue = { path: string; message: string };

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly field: string | undefined;
  readonly issues: readonly PathIssue[];

  constructor(code: AppErrorCode, message: string, options: { field?: string; issues?: readonly PathIssue[]; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.field = options.field;
    this.issues = options.issues ?? [];
  }
}

/** Whether a database error (possibly wrapped by the driver or drizzle) is a unique-constraint violation. */
export function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    if ("code" in e && e.code === "23505") return true;
    e = "cause" in e ? e.cause : undefined;
  }
  return false;
}
