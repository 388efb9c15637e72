import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

// Each test file gets its own data folder and a fixed session secret; nothing touches ./.data.
process.env.STRATUS_DATA_DIR = mkdtempSync(path.join(tmpdir(), "stratus-test-"));
process.env.NEXTAUTH_SECRET = "test-secret-test-secret-test-secret-0123456789";
delete process.env.DATABASE_URL;
delete process.env.STRATUS_ADMIN_PASSWORD;
