import { describe, expect, it } from "vitest";
import { type AddressKind, classifyIp, embeddedIpv4, formatIp, parseCidr, parseIp } from "./ip";

function kindOf(text: string): AddressKind {
  const ip = parseIp(text);
  if (!ip) throw new Error(`${text} did not parse`);
  return classifyIp(ip).kind;
}

describe("classifyIp", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["::1", "loopback"],
    ["10.0.0.5", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["fc00::1", "private"],
    ["fd12:3456::1", "private"],
    ["169.254.1.1", "link-local"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["100.64.0.1", "shared"],
    ["100.127.255.255", "shared"],
    ["0.0.0.0", "this-network"],
    ["0.1.2.3", "this-network"],
    ["::", "this-network"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast"],
    ["ff02::1", "multicast"],
    ["240.0.0.1", "reserved"],
    ["255.255.255.255", "reserved"],
    ["192.0.2.1", "reserved"],
    ["198.18.0.1", "reserved"],
    ["2001:db8::1", "reserved"],
    ["100::1", "reserved"],
    ["4000::1", "reserved"],
    ["169.254.169.254", "metadata"],
    ["169.254.170.2", "metadata"],
    ["100.100.100.200", "metadata"],
    ["fd00:ec2::254", "metadata"],
    ["8.8.8.8", "public"],
    ["1.1.1.1", "public"],
    ["172.32.0.1", "public"],
    ["100.128.0.1", "public"],
    ["2606:4700:4700::1111", "public"],
  ] as const)("%s is %s", (address, kind) => {
    expect(kindOf(address)).toBe(kind);
  });

  it.each([
    // IPv4-mapped, in both spellings
    ["::ffff:127.0.0.1", "loopback", "127.0.0.1"],
    ["::ffff:7f00:1", "loopback", "127.0.0.1"],
    ["::ffff:10.0.0.5", "private", "10.0.0.5"],
    ["::ffff:a9fe:a9fe", "metadata", "169.254.169.254"],
    ["::ffff:8.8.8.8", "public", "8.8.8.8"],
    // IPv4-compatible (deprecated, still routed by some stacks)
    ["::127.0.0.1", "loopback", "127.0.0.1"],
    ["::7f00:1", "loopback", "127.0.0.1"],
    // NAT64 with a private address inside; with a public one it is a way out like any other
    ["64:ff9b::10.0.0.1", "private", "10.0.0.1"],
    ["64:ff9b::a9fe:a9fe", "metadata", "169.254.169.254"],
    ["64:ff9b::808:808", "public", "8.8.8.8"],
    // 6to4 carries its IPv4 address in bits 16–48
    ["2002:7f00:1::1", "loopback", "127.0.0.1"],
    ["2002:c0a8:101::1", "private", "192.168.1.1"],
  ] as const)("%s carries %s (%s)", (address, kind, inner) => {
    const ip = parseIp(address)!;
    const result = classifyIp(ip);
    expect(result.kind).toBe(kind);
    expect(result.via && formatIp(result.via)).toBe(inner);
  });

  it("keeps :: and ::1 as themselves, not as IPv4-compatible 0.0.0.0 / 0.0.0.1", () => {
    expect(classifyIp(parseIp("::1")!).via).toBeUndefined();
    expect(embeddedIpv4(parseIp("2606:4700::1")!)).toBeUndefined();
  });
});

describe("parseIp / formatIp", () => {
  it("reads only canonical IPv4 (URL parsing normalises the odd forms first)", () => {
    for (const odd of ["127.1", "2130706433", "0x7f000001", "0177.0.0.1", "1.2.3.4.5", "example.com", ""]) expect(parseIp(odd)).toBeUndefined();
  });
  it.each([
    ["[::ffff:127.0.0.1]", "::ffff:7f00:1"],
    ["2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"],
    ["fe80::1%25eth0", "fe80::1"],
    ["1:0:0:1:0:0:0:1", "1:0:0:1::1"],
    ["10.1.2.3", "10.1.2.3"],
  ])("%s → %s", (text, formatted) => {
    expect(formatIp(parseIp(text)!)).toBe(formatted);
  });
});

describe("parseCidr", () => {
  it("reads blocks and single addresses", () => {
    expect(parseCidr("10.0.0.0/8")).toMatchObject({ ok: true, cidr: { version: 4, prefix: 8 } });
    expect(parseCidr("fd00::/8")).toMatchObject({ ok: true, cidr: { version: 6, prefix: 8 } });
    expect(parseCidr("192.168.1.7")).toMatchObject({ ok: true, cidr: { prefix: 32 } });
  });
  it("says what is wrong", () => {
    expect(parseCidr("10.0.0.1/8")).toEqual({ ok: false, message: "10.0.0.1/8 has host bits set; did you mean 10.0.0.0/8?" });
    expect(parseCidr("10.0.0.0/33")).toEqual({ ok: false, message: "The prefix length of 10.0.0.0/33 must be a number from 0 to 32." });
    expect(parseCidr("fd00::/129")).toMatchObject({ ok: false });
    expect(parseCidr("nope/8")).toEqual({ ok: false, message: "nope/8 is not an IP address or CIDR block." });
  });
});
