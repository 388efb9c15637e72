import { describe, expect, it } from "vitest";
import { type AllowRule, parsePattern } from "./allow-rules";
import { type EgressPolicy, EgressRefusedError, checkDestination } from "./egress";

/** A resolver with fixed answers: no real DNS in unit tests. */
const DNS: Record<string, string[]> = {
  "api.example.com": ["93.184.216.34"],
  "internal.example.com": ["10.0.0.5"],
  "mixed.example.com": ["93.184.216.34", "192.168.0.9"],
  "mapped.example.com": ["::ffff:127.0.0.1"],
  "v6.example.com": ["2606:4700::6810:84e5"],
};

function policy(patterns: string[] = [], localEndpoints: string[] = []): EgressPolicy {
  const allowList = patterns.map((p) => {
    const parsed = parsePattern(p);
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.rule;
  }) satisfies AllowRule[];
  return {
    allowList,
    isLocalEndpoint: (address, port) => localEndpoints.includes(`${address}:${port}`),
    lookup: (host) => {
      const answers = DNS[host];
      return answers ? Promise.resolve(answers.map((address) => ({ address, family: address.includes(":") ? (6 as const) : (4 as const) }))) : Promise.reject(new Error("ENOTFOUND"));
    },
  };
}

async function refusal(url: string, p: EgressPolicy = policy()): Promise<string> {
  const error = await checkDestination(new URL(url), p).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof EgressRefusedError)) throw new Error(`${url} was not refused: ${String(error)}`);
  expect(error.isRetryable).toBe(false);
  return error.message;
}

describe("checkDestination", () => {
  it("lets public addresses through and pins what it checked", async () => {
    await expect(checkDestination(new URL("https://api.example.com/x"), policy())).resolves.toMatchObject({ host: "api.example.com", port: 443, addresses: [{ address: "93.184.216.34", family: 4 }] });
    await expect(checkDestination(new URL("http://v6.example.com:8080/"), policy())).resolves.toMatchObject({ port: 8080 });
    await expect(checkDestination(new URL("http://8.8.8.8/"), policy())).resolves.toMatchObject({ addresses: [{ address: "8.8.8.8" }] });
  });

  it("refuses private, loopback, link-local and metadata addresses with a message that says how to allow them", async () => {
    expect(await refusal("http://10.0.0.5/")).toBe("Refused: 10.0.0.5 is a private address; an admin can allow it under Admin → Network.");
    expect(await refusal("http://127.0.0.1:3000/")).toMatch(/^Refused: 127\.0\.0\.1 is a loopback address;/);
    expect(await refusal("http://169.254.169.254/latest/meta-data/")).toMatch(/is a cloud metadata address/);
    expect(await refusal("http://[fd00:ec2::254]/")).toMatch(/is a cloud metadata address/);
    expect(await refusal("http://[fe80::1]/")).toMatch(/is a link-local address/);
    expect(await refusal("http://100.64.1.1/")).toMatch(/carrier-grade NAT/);
    expect(await refusal("http://0.0.0.0:8080/")).toMatch(/"this network"/);
    expect(await refusal("http://[::]/")).toMatch(/"this network"/);
    expect(await refusal("http://224.0.0.1/")).toMatch(/multicast/);
    expect(await refusal("http://[::1]/")).toMatch(/loopback/);
  });

  // WHATWG URL parsing turns each of these into 127.0.0.1 (or ::ffff:7f00:1) before the guard looks.
  it.each([
    "http://2130706433/",
    "http://0x7f000001/",
    "http://0177.0.0.1/",
    "http://127.1/",
    "http://0x7f.1/",
    "http://017700000001/",
    "http://127.0.0.1./",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "http://[::127.0.0.1]/",
    "http://[64:ff9b::127.0.0.1]/",
    "http://[2002:7f00:1::]/",
  ])("refuses %s as loopback", async (url) => {
    expect(await refusal(url)).toMatch(/loopback address/);
  });

  it("names the IPv4 address an IPv6 address carries", async () => {
    expect(await refusal("http://[64:ff9b::10.0.0.1]/")).toBe("Refused: 64:ff9b::a00:1 is a private address (it carries 10.0.0.1); an admin can allow it under Admin → Network.");
  });

  it("checks every address a name resolves to", async () => {
    expect(await refusal("http://internal.example.com/")).toBe("Refused: internal.example.com resolves to 10.0.0.5, a private address; an admin can allow it under Admin → Network.");
    expect(await refusal("http://mixed.example.com/")).toMatch(/resolves to 192\.168\.0\.9, a private address/);
    expect(await refusal("http://mapped.example.com/")).toMatch(/resolves to ::ffff:7f00:1, a loopback address \(it carries 127\.0\.0\.1\)/);
  });

  it("refuses metadata and localhost names before any DNS", async () => {
    expect(await refusal("http://metadata.google.internal/computeMetadata/v1/")).toBe("Refused: metadata.google.internal is a cloud metadata host name; an admin can allow it under Admin → Network.");
    expect(await refusal("http://METADATA.GOOGLE.INTERNAL./")).toMatch(/cloud metadata host name/);
    expect(await refusal("http://localhost:3000/")).toMatch(/loopback host name/);
    expect(await refusal("http://app.localhost/")).toMatch(/loopback host name/);
  });

  it("refuses other schemes", async () => {
    for (const url of ["file:///etc/passwd", "ftp://example.com/", "gopher://127.0.0.1:6379/", "data:text/plain,hi"]) {
      expect(await refusal(url)).toMatch(/URLs are not allowed; use http or https\.$/);
    }
  });

  it("follows the allow-list: by host name, by address and by CIDR (v4 and v6)", async () => {
    await expect(checkDestination(new URL("http://internal.example.com/"), policy(["internal.example.com"]))).resolves.toMatchObject({ addresses: [{ address: "10.0.0.5" }] });
    await expect(checkDestination(new URL("http://10.0.0.5/"), policy(["10.0.0.0/8"]))).resolves.toBeDefined();
    await expect(checkDestination(new URL("http://internal.example.com/"), policy(["10.0.0.5"]))).resolves.toBeDefined();
    await expect(checkDestination(new URL("http://[fd12::1]/"), policy(["fd00::/8"]))).resolves.toBeDefined();
    // An IPv4 rule covers the same address written as IPv4-mapped IPv6.
    await expect(checkDestination(new URL("http://[::ffff:10.0.0.5]/"), policy(["10.0.0.0/24"]))).resolves.toBeDefined();
    await expect(checkDestination(new URL("http://metadata.google.internal/"), policy(["metadata.google.internal"]))).rejects.toThrow(/Could not resolve/);
    // Neighbours stay refused.
    expect(await refusal("http://10.0.1.5/", policy(["10.0.0.0/24"]))).toMatch(/private/);
    expect(await refusal("http://mixed.example.com/", policy(["10.0.0.0/8"]))).toMatch(/192\.168\.0\.9/);
  });

  it("allows the local provider's own endpoints, on their port only", async () => {
    const p = policy([], ["127.0.0.1:41234"]);
    await expect(checkDestination(new URL("http://127.0.0.1:41234/health"), p)).resolves.toBeDefined();
    expect(await refusal("http://127.0.0.1:41235/", p)).toMatch(/loopback/);
    expect(await refusal("http://2130706433:41235/", p)).toMatch(/loopback/);
  });

  it("reports a name that does not resolve as retryable, not as a refusal", async () => {
    const error = await checkDestination(new URL("http://nowhere.example.com/"), policy()).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(EgressRefusedError);
    expect(error).toMatchObject({ message: "Could not resolve nowhere.example.com.", isRetryable: true });
  });
});

describe("parsePattern", () => {
  it.each([
    ["api.internal.example", "api.internal.example"],
    ["API.Internal.Example.", "api.internal.example"],
    ["10.0.0.0/8", "10.0.0.0/8"],
    ["192.168.1.7", "192.168.1.7"],
    ["192.168.1.7/32", "192.168.1.7/32"],
    ["[::1]", "::1"],
    ["FD00:0000::/8", "fd00::/8"],
    ["  metadata.google.internal ", "metadata.google.internal"],
  ])("%s is stored as %s", (input, pattern) => {
    expect(parsePattern(input)).toMatchObject({ ok: true, pattern });
  });

  it.each([
    ["", "Enter a host name, an IP address or a CIDR block."],
    ["http://10.0.0.5/", "Enter a host name, IP address or CIDR block, not a URL (e.g. api.internal.example or 10.0.0.0/8)."],
    ["example.com:8080", "Leave out the port: an entry allows its host on every port."],
    ["example.com/api", "example.com/api is not a CIDR block; enter a host name without a path, or a block such as 10.0.0.0/8."],
    ["10.0.0.1/8", "10.0.0.1/8 has host bits set; did you mean 10.0.0.0/8?"],
    ["10.0.0.0/40", "The prefix length of 10.0.0.0/40 must be a number from 0 to 32."],
    ["127.1", "127.1 is an unusual spelling of 127.0.0.1; enter 127.0.0.1 instead."],
    ["2130706433", "2130706433 is an unusual spelling of 127.0.0.1; enter 127.0.0.1 instead."],
    ["bad_host!", "bad_host! is not a valid host name, IP address or CIDR block (a host name has letters, digits, dashes and dots)."],
  ])("refuses %j: %s", (input, message) => {
    expect(parsePattern(input)).toEqual({ ok: false, message });
  });
});
