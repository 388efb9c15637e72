import { isCidr } from "@/lib/catalog/steps/fields";

/** An IPv4 block as the half-open range [start, end) of 32-bit addresses. */
export type CidrRange = { cidr: string; start: number; end: number };

/** Parses "10.0.1.0/24"; undefined for anything that is not an IPv4 CIDR block. */
export function parseCidr(cidr: string): CidrRange | undefined {
  const value = cidr.trim();
  if (!isCidr(value)) return undefined;
  const [address = "", bits = ""] = value.split("/");
  const prefix = Number(bits);
  const base = address.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
  const size = 2 ** (32 - prefix);
  // Host bits are ignored (10.0.1.7/24 is 10.0.1.0/24), as clouds normalise them.
  const start = Math.floor(base / size) * size;
  return { cidr: value, start, end: start + size };
}

export function overlaps(a: CidrRange, b: CidrRange): boolean {
  return a.start < b.end && b.start < a.end;
}

export function contains(outer: CidrRange, inner: CidrRange): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

export function isIpv4(value: string): boolean {
  return isCidr(`${value}/32`);
}

const HOST = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;

export function isHostName(value: string): boolean {
  return HOST.test(value);
}

/** A loose IPv6 check: enough to refuse an IPv4 address or a host name in an AAAA record. */
export function isIpv6(value: string): boolean {
  return value.includes(":") && /^[0-9a-f:.]+$/i.test(value) && URL.canParse(`http://[${value}]/`);
}
