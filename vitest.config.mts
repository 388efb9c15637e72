import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;
const shared = {
  resolve: {
    alias: {
      "@": root,
      // `server-only` throws outside React server bundles; tests are server code too.
      "server-only": path.join(root, "test/server-only.ts"),
    },
  },
};
const integration = ["**/*.int.test.ts"];
const exclude = ["node_modules/**", ".next/**", "e2e/**", ".data/**"];

// Unit tests, then the integration suite on PGlite and, when TEST_DATABASE_URL is set, again on PostgreSQL.
export default defineConfig({
  test: {
    reporters: process.env.VITEST_JSON ? ["default", ["json", { outputFile: process.env.VITEST_JSON }]] : ["default"],
    projects: [
      { ...shared, test: { name: "unit", include: ["**/*.test.ts"], exclude: [...exclude, ...integration], setupFiles: ["test/setup.ts"] } },
      {
        ...shared,
        test: { name: "pglite", include: integration, exclude, setupFiles: ["test/setup.ts"], env: { STRATUS_TEST_DB: "pglite" }, testTimeout: 30_000, hookTimeout: 60_000 },
      },
      ...(process.env.TEST_DATABASE_URL
        ? [
            {
              ...shared,
              test: { name: "postgres", include: integration, exclude, setupFiles: ["test/setup.ts"], env: { STRATUS_TEST_DB: "postgres" }, testTimeout: 30_000, hookTimeout: 60_000 },
            },
          ]
        : []),
    ],
  },
});
