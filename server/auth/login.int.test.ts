import { describe, expect, it } from "vitest";
import { withTestDatabase } from "@/test/db";
import { createTestUser, TEST_PASSWORD } from "@/test/users";
import { authenticate, INVALID_CREDENTIALS_MESSAGE, LOCKOUT_MAX_FAILURES, LOCKOUT_WINDOW_MS } from "./login";

const getDatabase = withTestDatabase();
const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);

describe("password sign-in", () => {
  it("accepts the right password, case-insensitively on the e-mail, and records the sign-in", async () => {
    const { db } = getDatabase();
    const user = await createTestUser(db, "viewer");
    const result = await authenticate(db, { email: `  ${user.email.toUpperCase()} `, password: TEST_PASSWORD });
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.user.id).toBe(user.id);
      expect(result.user.role).toBe("viewer");
    }
  });

  it("gives the same message for an unknown e-mail and a wrong password", async () => {
    const { db } = getDatabase();
    const user = await createTestUser(db, "viewer");
    const unknown = await authenticate(db, { email: "nobody@test.local", password: TEST_PASSWORD });
    const wrong = await authenticate(db, { email: user.email, password: "wrong password here" });
    expect(unknown).toEqual({ ok: false, reason: "invalid", message: INVALID_CREDENTIALS_MESSAGE });
    expect(wrong).toEqual(unknown);
  });

  it("refuses a disabled user even with the right password", async () => {
    const { db } = getDatabase();
    const user = await createTestUser(db, "operator", { isDisabled: true });
    const result = await authenticate(db, { email: user.email, password: TEST_PASSWORD });
    expect(result).toMatchObject({ ok: false, reason: "disabled" });
  });

  it(`locks an account after ${LOCKOUT_MAX_FAILURES} failures within 15 minutes, then lets it in again`, async () => {
    const { db } = getDatabase();
    const user = await createTestUser(db, "operator");
    for (let i = 0; i < LOCKOUT_MAX_FAILURES; i++) {
      const r = await authenticate(db, { email: user.email, password: `wrong-${i}` }, at(i * 1000));
      expect(r).toMatchObject({ ok: false, reason: "invalid" });
    }
    // Even the right password is refused while locked, with a message saying for how long.
    const locked = await authenticate(db, { email: user.email, password: TEST_PASSWORD }, at(60_000));
    expect(locked).toMatchObject({ ok: false, reason: "locked" });
    if (!locked.ok) expect(locked.message).toMatch(/Too many failed sign-in attempts\. Try again in \d+ minutes?\./);

    // An unknown e-mail is locked the same way, so the lockout reveals nothing.
    for (let i = 0; i < LOCKOUT_MAX_FAILURES; i++) await authenticate(db, { email: "ghost@test.local", password: "x" }, at(i));
    expect(await authenticate(db, { email: "ghost@test.local", password: "x" }, at(60_000))).toMatchObject({ reason: "locked" });

    // Once the oldest failure leaves the window, the right password works again.
    const later = await authenticate(db, { email: user.email, password: TEST_PASSWORD }, at(LOCKOUT_WINDOW_MS + 1000));
    expect(later.ok).toBe(true);
  });

  it("does not lock for failures spread beyond the window, nor count failures before a success", async () => {
    const { db } = getDatabase();
    const user = await createTestUser(db, "viewer");
    for (let i = 0; i < LOCKOUT_MAX_FAILURES - 1; i++) {
      await authenticate(db, { email: user.email, password: "nope" }, at(i * 1000));
    }
    expect((await authenticate(db, { email: user.email, password: TEST_PASSWORD }, at(20_000))).ok).toBe(true);
    await authenticate(db, { email: user.email, password: "nope" }, at(21_000));
    // 10 failures in 15 minutes, but 9 of them came before a success: no lock.
    expect((await authenticate(db, { email: user.email, password: TEST_PASSWORD }, at(22_000))).ok).toBe(true);
  });
});
