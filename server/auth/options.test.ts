import { describe, expect, it } from "vitest";
import { parseEnv } from "../env";
import { authOptions } from "./options";

describe("next-auth options", () => {
  it("offers e-mail and password with JWT sessions, and no OIDC by default", () => {
    const options = authOptions(parseEnv({}));
    expect(options.providers.map((p) => p.id)).toEqual(["credentials"]);
    expect(options.session?.strategy).toBe("jwt");
    expect(options.pages?.signIn).toBe("/login");
  });

  it("adds OIDC sign-in when its three variables are set", () => {
    const options = authOptions(
      parseEnv({
        STRATUS_OIDC_ISSUER: "https://id.example.com/realms/acme/",
        STRATUS_OIDC_CLIENT_ID: "stratus",
        STRATUS_OIDC_CLIENT_SECRET: "s3cret",
        STRATUS_OIDC_NAME: "Acme SSO",
      }),
    );
    const oidc = options.providers.find((p) => p.id === "oidc");
    expect(oidc).toMatchObject({
      name: "Acme SSO",
      type: "oauth",
      wellKnown: "https://id.example.com/realms/acme/.well-known/openid-configuration",
    });
  });
});
