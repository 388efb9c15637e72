import { statSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { GET } from "@/app/api/health/route";
import { SEED_ADMIN_EMAIL } from "@/db/seed";
import { withTestDatabase } from "@/test/db";
import { authenticate } from "./auth/login";
import { bootstrap } from "./bootstrap";
import { env } from "./env";
import { stopEngine } from "./engine/executor";
import { stopQueue } from "./queue/boss";

const getDatabase = withTestDatabase();
afterAll(async () => {
  await stopEngine();
  await stopQueue();
});

describe("start-up", () => {
  it("migrates, seeds one admin with a generated password kept 0600, and starts the queue", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    await bootstrap();
    const file = path.join(env().dataDir, "admin-password");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const password = readFileSync(file, "utf8").trim();
    expect(log.mock.calls.flat().join("\n")).toContain(password); // printed once, on the first start
    const login = await authenticate(getDatabase().db, { email: SEED_ADMIN_EMAIL, password });
    expect(login.ok && login.user.role).toBe("admin");

    // A second start neither re-seeds nor prints a password.
    log.mockClear();
    await bootstrap();
    expect(log.mock.calls.flat().join("\n")).not.toContain(password);
    log.mockRestore();
  });

  it("reports database and queue health without authentication or secrets", async () => {
    const res = await GET();
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({ status: "ok", database: { status: "ok", kind: getDatabase().kind }, queue: { status: "ok" } });
    expect(JSON.stringify(body)).not.toMatch(/postgres:\/\/|secret|password/i);
  });
});
