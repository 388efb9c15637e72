import { z } from "zod";
import { ROLES } from "../auth/roles";

/** Input schemas shared by the admin forms and the users router. */
export const roleSchema = z.enum(ROLES);

export const MIN_PASSWORD_LENGTH = 12;
export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`)
  .max(256, "Use at most 256 characters.");

export const listUsersInput = z.object({
  search: z.string().max(200).optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
});
export type ListUsersInput = z.infer<typeof listUsersInput>;

export const createUserInput = z.object({
  email: z.email("Enter a valid email address.").max(254),
  name: z.string().trim().min(1, "Enter a name.").max(120),
  role: roleSchema,
  /** Optional: when absent a one-time password is generated and must be changed at first sign-in. */
  password: passwordSchema.optional(),
});
export type CreateUserInput = z.infer<typeof createUserInput>;

export const userIdInput = z.object({ id: z.uuid("Not a valid user id.") });
export const setRoleInput = userIdInput.extend({ role: roleSchema });
export const setDisabledInput = userIdInput.extend({ isDisabled: z.boolean() });

export const changePasswordInput = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password."),
    newPassword: passwordSchema,
  });
