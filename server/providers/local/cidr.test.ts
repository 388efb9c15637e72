import { describe, expect, it } from "vitest";
import { contains, isHostName, isIpv4, isIpv6, overlaps, parseCidr } from "./cidr";

const range = (cidr: string) => {
  const parsed = parseCidr(cidr);
  if (!parsed) throw new Error(`bad test cidr ${cidr}`);
  return parsed;
};

describe("cidr", () => {
  it.each([
    ["10.0.0.0/16", 10 * 2 ** 24, 2 ** 16],
    ["10.0.1.7/24", 10 * 2 ** 24 + 256, 256],
    ["0.0.0.0/0", 0, 2 ** 32],
    ["192.168.1.1/32", 192 * 2 ** 24 + 168 * 2 ** 16 + 256 + 1, 1],
  ])("parses %s", (cidr, start, size) => {
    expect(parseCidr(cidr)).toMatchObject({ start, end: start + size });
  });

  it.each(["10.0.0.0", "10.0.0.0/33", "256.0.0.0/8", "10.0.0/8", "", "a.b.c.d/8"])("refuses %j", (cidr) => {
    expect(parseCidr(cidr)).toBeUndefined();
  });

  it.each([
    ["10.0.0.0/16", "10.0.1.0/24", true],
    ["10.0.0.0/24", "10.0.1.0/24", false],
    ["10.0.0.0/8", "11.0.0.0/8", false],
    ["0.0.0.0/0", "203.0.113.0/24", true],
  ])("%s and %s overlap: %s", (a, b, expected) => {
    expect(overlaps(range(a), range(b))).toBe(expected);
    expect(overlaps(range(b), range(a))).toBe(expected);
  });

  it("checks containment both ways", () => {
    expect(contains(range("10.0.0.0/16"), range("10.0.255.0/24"))).toBe(true);
    expect(contains(range("10.0.0.0/16"), range("10.1.0.0/24"))).toBe(false);
    expect(contains(range("10.0.1.0/24"), range("10.0.0.0/16"))).toBe(false);
  });

  it("tells addresses and host names apart", () => {
    expect(isIpv4("10.0.0.1")).toBe(true);
    expect(isIpv4("10.0.0.256")).toBe(false);
    expect(isIpv6("2001:db8::1")).toBe(true);
    expect(isIpv6("10.0.0.1")).toBe(false);
    expect(isHostName("lb.example.com")).toBe(true);
    expect(isHostName("bad_name!")).toBe(false);
  });
});
