import { sql } from "drizzle-orm";
import { boolean, index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

export const roleEnum = pgEnum("role", ["admin", "operator", "viewer"]);

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Stored lower-cased; unique. */
    email: text("email").notNull(),
    name: text("name").notNull(),
    /** argon2id PHC string; null for accounts that only sign in through OIDC. */
    passwordHash: text("password_hash"),
    role: roleEnum("role").notNull().default("viewer"),
    isDisabled: boolean("is_disabled").notNull().default(false),
    /** Set when an admin created the account or reset its password: the password given is one-time. */
    mustChangePassword: boolean("must_change_password").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    lastLoginAt: timestamp("last_login_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("users_email_key").on(t.email), index("users_role_idx").on(t.role)],
);

/**
 * Every sign-in attempt with a password, by e-mail (known or not, so a lockout never reveals whether an
 * account exists). Failed attempts within the window decide the lockout.
 */
export const loginAttempts = pgTable(
  "login_attempts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    isSuccess: boolean("is_success").notNull(),
    ip: text("ip"),
    at: timestamp("at", { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [index("login_attempts_email_at_idx").on(t.email, t.at)],
);

export type User = typeof users.$inferSelect;
export type Role = (typeof roleEnum.enumValues)[number];
