import "server-only";
import { initTRPC } from "@trpc/server";
import superjson from "superjson";
import type { Permission } from "../auth/permissions";
import { AppError } from "../errors";
import type { Context } from "./context";

/** Every procedure carries the permission it needs (set by `procedure()`, read by the router-walk test). */
export type ProcedureMeta = { permission: Permission };

type Issue = { path: PropertyKey[]; message: string };
/** Zod's issues when input validation failed (tRPC keeps the ZodError as the cause). */
function zodIssues(cause: unknown): Issue[] | undefined {
  if (cause instanceof AppError || !cause || typeof cause !== "object" || !("issues" in cause) || !Array.isArray(cause.issues)) return undefined;
  const issues = cause.issues as unknown[];
  return issues.every((i) => i && typeof i === "object" && "path" in i && Array.isArray(i.path)) ? (issues as Issue[]) : undefined;
}

export const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    transformer: superjson,
    // Subscriptions (SSE): a comment every 15 s keeps idle streams open through proxies; the client
    // reconnects (resuming from the last tracked event id) when it hears nothing for 40 s.
    sse: { ping: { enabled: true, intervalMs: 15_000 }, client: { reconnectAfterInactivityMs: 40_000 } },
    errorFormatter({ shape, error }) {
      const issues = zodIssues(error.cause);
      const app = error.cause instanceof AppError ? error.cause : null;
      const fieldErrors = issues
        ? Object.fromEntries(issues.map((i) => [i.path.map(String).join("."), i.message]))
        : app?.issues.length
          ? Object.fromEntries(app.issues.map((i) => [i.path, i.message]))
          : app?.field
            ? { [app.field]: error.message }
            : undefined;
      const isInternal = error.code === "INTERNAL_SERVER_ERROR";
      return {
        // Internals (stack, SQL, driver messages) never reach the client.
        message: isInternal
          ? "Something went wrong on our side. It has been logged; please try again."
          : issues
            ? (issues[0]?.message ?? "Invalid input.")
            : shape.message,
        code: shape.code,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          fieldErrors,
          /** Ordered problems with paths, e.g. of a workflow definition or an imported file. */
          issues: app?.issues.length ? app.issues : undefined,
        },
      };
    },
  });
