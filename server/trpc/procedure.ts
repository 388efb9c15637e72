import "server-only";
import { TRPCError } from "@trpc/server";
import { findNul, NUL_MESSAGE } from "@/lib/text/nul";
import { can, type Permission } from "../auth/permissions";
import { writeAudit } from "../audit/write";
import { APP_ERROR_CODES, AppError } from "../errors";
import { t } from "./init";

export const router = t.router;

/** Writes one audit row for every mutation and for every denied call (of any type). */
const audit = t.middleware(async ({ ctx, path, type, next, getRawInput }) => {
  const result = await next();
  const code = result.ok ? null : result.error.code;
  const isDenied = code === "FORBIDDEN" || code === "UNAUTHORIZED";
  if (type === "mutation" || isDenied) {
    let input: unknown;
    try {
      input = await getRawInput();
    } catch {
      input = null;
    }
    const inputId = input && typeof input === "object" && "id" in input ? input.id : undefined;
    try {
      await writeAudit(ctx.db, {
        actorId: ctx.user?.id ?? null,
        actorEmail: ctx.user?.email ?? null,
        actorRole: ctx.user?.role ?? null,
        action: path,
        target: ctx.audit.target ?? (typeof inputId === "string" ? inputId : null),
        outcome: result.ok ? "success" : isDenied ? "denied" : "error",
        errorCode: code,
        ip: ctx.ip,
        userAgent: ctx.userAgent,
        input,
      });
    } catch (error) {
      // The database's reason only: a failed query's text would carry the input into the log.
      const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message.split("\n")[0]) : String(error);
      console.error(`[audit] could not record ${path}: ${reason}`);
    }
  }
  return result;
});

/** The role was read from the database when the context was built, so a role change applies at once. */
function authorize(permission: Permission) {
  return t.middleware(({ ctx, next }) => {
    if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
    if (!can(ctx.user.role, permission)) {
      throw new TRPCError({ code: "FORBIDDEN", message: `Your role (${ctx.user.role}) may not do this.` });
    }
    return next({ ctx: { user: ctx.user } });
  });
}

/** Turns a service's AppError into the tRPC error of its code, keeping its message and field. */
const mapAppErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    const cause = result.error.cause;
    return { ...result, error: new TRPCError({ code: APP_ERROR_CODES[cause.code].trpc, message: cause.message, cause }) };
  }
  return result;
});

/** Text with a NUL character cannot be stored (PostgreSQL refuses it): refused before the input is parsed. */
const refuseNul = t.middleware(async ({ next, getRawInput }) => {
  let input: unknown;
  try {
    input = await getRawInput();
  } catch {
    return next(); // the input parser reports unreadable input itself
  }
  const field = findNul(input);
  if (field) throw new AppError("BAD_INPUT", `${field === "(input)" ? "The input" : field} ${NUL_MESSAGE}.`, { field });
  return next();
});

/**
 * The only way to build a procedure: it must name the permission it needs (server/auth/permissions.ts).
 * A test walks the root router and fails on any procedure without one.
 *
 * @example procedure("users:manage").input(setRoleInput).mutation(({ ctx, input }) => setRole(ctx.db, …))
 */
export function procedure(permission: Permission) {
  return t.procedure.meta({ permission }).use(audit).use(authorize(permission)).use(mapAppErrors).use(refuseNul);
}
