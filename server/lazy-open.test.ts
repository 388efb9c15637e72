import { describe, expect, it } from "vitest";

describe("the database opens lazily", () => {
  it("is not opened by importing the route modules, as `next build` does", async () => {
    await import("@/app/api/trpc/[trpc]/route");
    await import("@/app/api/auth/[...nextauth]/route");
    await import("@/app/api/health/route");
    expect((globalThis as { __stratusDatabase?: unknown }).__stratusDatabase).toBeUndefined();
    expect((globalThis as { __stratusQueue?: unknown }).__stratusQueue).toBeUndefined();
  });
});
