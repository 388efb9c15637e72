import { defineConfig } from "drizzle-kit";

// Generates SQL from db/schema into db/migrations. The same migrations run on PGlite and PostgreSQL.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
  strict: true,
});
