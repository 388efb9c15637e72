import { isIPv4, isIPv6 } from "node:net";

/**
 * IP addresses as numbers, CIDR blocks, and what kind of destination an address is (the SSRF guard's
 * classifier). Pure, so it is tested form by form (ip.test.ts).
 */

export type IpVersion = 4 | 6;
export type Ip = { version: IpVersion; value: bigint };
/** A block of addresses: `base` with the low `bits - prefix` bits zero. */
export type Cidr = { version: IpVersion; base: bigint; prefix: number };

const BITS: Record<IpVersion, number> = { 4: 32, 6: 128 };

/** A canonical dotted quad only ("10.0.0.5"); odd forms (127.1, 0x7f.1 …) are normalised by URL parsing first. */
function parseIpv4(text: string): bigint | undefined {
  if (!isIPv4(text)) return undefined;
  return text.split(".").reduce((acc, octet) => (acc << 8n) | BigInt(Number(octet)), 0n);
}

function parseIpv6(text: string): bigint | undefined {
  // A zone ("fe80::1%eth0") names an interface, not an address: the address alone is classified.
  const address = text.replace(/^\[|\]$/g, "").split("%")[0] ?? "";
  if (!isIPv6(address)) return undefined;
  let hex = address;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (dotted?.[1]) {
    const v4 = parseIpv4(dotted[1]);
    if (v4 === undefined) return undefined;
    hex = `${address.slice(0, -dotted[1].length)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head = "", tail] = hex.split("::");
  const headGroups = head === "" ? [] : head.split(":");
  const tailGroups = tail === undefined || tail === "" ? [] : tail.split(":");
  const zeros = tail === undefined ? 0 : 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...Array<string>(zeros).fill("0"), ...tailGroups];
  if (groups.length !== 8) return undefined;
  return groups.reduce((acc, group) => (acc << 16n) | BigInt(parseInt(group, 16)), 0n);
}

/** An IPv4 or IPv6 address (brackets and zone allowed for v6); undefined for anything else. */
export function parseIp(text: string): Ip | undefined {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return { version: 4, value: v4 };
  const v6 = parseIpv6(text);
  return v6 === undefined ? undefined : { version: 6, value: v6 };
}

export function formatIp(ip: Ip): string {
  if (ip.version === 4) return [24n, 16n, 8n, 0n].map((shift) => String((ip.value >> shift) & 0xffn)).join(".");
  const groups = Array.from({ length: 8 }, (_, i) => ((ip.value >> BigInt(112 - i * 16)) & 0xffffn).toString(16));
  // The longest run of zero groups (two or more) becomes "::", as RFC 5952 asks.
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === "0") j++;
    if (j - i > best.length && j - i > 1) best = { start: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  if (best.start < 0) return groups.join(":");
  return `${groups.slice(0, best.start).join(":")}::${groups.slice(best.start + best.length).join(":")}`;
}

function mask(version: IpVersion, prefix: number): bigint {
  const bits = BITS[version];
  return ((1n << BigInt(bits)) - 1n) ^ ((1n << BigInt(bits - prefix)) - 1n);
}

export type CidrParse = { ok: true; cidr: Cidr } | { ok: false; message: string };

/** "10.0.0.0/8", "fd00::/8", or one address (a /32 or /128). Host bits must be zero, so typos show. */
export function parseCidr(text: string): CidrParse {
  const [address = "", prefixText, ...rest] = text.trim().split("/");
  const ip = parseIp(address);
  if (!ip || rest.length > 0) return { ok: false, message: `${text.trim()} is not an IP address or CIDR block.` };
  const bits = BITS[ip.version];
  if (prefixText === undefined) return { ok: true, cidr: { version: ip.version, base: ip.value, prefix: bits } };
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) {
    return { ok: false, message: `The prefix length of ${text.trim()} must be a number from 0 to ${bits}.` };
  }
  const prefix = Number(prefixText);
  const base = ip.value & mask(ip.version, prefix);
  if (base !== ip.value) {
    return { ok: false, message: `${text.trim()} has host bits set; did you mean ${formatIp({ version: ip.version, value: base })}/${prefix}?` };
  }
  return { ok: true, cidr: { version: ip.version, base, prefix } };
}

function cidr(text: string): Cidr {
  const parsed = parseCidr(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.cidr;
}

export function cidrContains(block: Cidr, ip: Ip): boolean {
  return block.version === ip.version && (ip.value & mask(ip.version, block.prefix)) === block.base;
}

/**
 * The IPv4 address an IPv6 address carries, where the network would deliver it to that IPv4 host:
 * IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d) and 6to4 (2002:abcd:…).
 */
export function embeddedIpv4(ip: Ip): Ip | undefined {
  if (ip.version !== 6) return undefined;
  const low32 = ip.value & 0xffff_ffffn;
  for (const prefix of [EMBEDDING.mapped, EMBEDDING.compatible, EMBEDDING.nat64]) {
    if (cidrContains(prefix, ip)) return { version: 4, value: low32 };
  }
  if (cidrContains(EMBEDDING.sixToFour, ip)) return { version: 4, value: (ip.value >> 80n) & 0xffff_ffffn };
  return undefined;
}

const EMBEDDING = {
  mapped: cidr("::ffff:0:0/96"),
  // ::/96 also holds :: and ::1, which are classified before any embedding is looked at.
  compatible: cidr("::/96"),
  nat64: cidr("64:ff9b::/96"),
  sixToFour: cidr("2002::/16"),
};

export type AddressKind =
  | "public"
  | "loopback"
  | "private"
  | "link-local"
  | "shared"
  | "this-network"
  | "multicast"
  | "reserved"
  | "metadata";

/** Cloud instance metadata services: credentials live behind these (AWS, GCP, Azure, Alibaba, ECS, …). */
const METADATA = ["169.254.169.254/32", "169.254.170.2/32", "169.254.169.253/32", "100.100.100.200/32", "fd00:ec2::254/128", "fd00:ec2::23/128"].map(cidr);

/** First match wins, so the narrow metadata blocks come before the ranges that hold them. */
const RANGES: { block: Cidr; kind: AddressKind }[] = [
  ...METADATA.map((block) => ({ block, kind: "metadata" as const })),
  ...(
    [
      ["0.0.0.0/8", "this-network"],
      ["10.0.0.0/8", "private"],
      ["100.64.0.0/10", "shared"],
      ["127.0.0.0/8", "loopback"],
      ["169.254.0.0/16", "link-local"],
      ["172.16.0.0/12", "private"],
      ["192.0.0.0/24", "reserved"],
      ["192.0.2.0/24", "reserved"],
      ["192.88.99.0/24", "reserved"],
      ["192.168.0.0/16", "private"],
      ["198.18.0.0/15", "reserved"],
      ["198.51.100.0/24", "reserved"],
      ["203.0.113.0/24", "reserved"],
      ["224.0.0.0/4", "multicast"],
      ["240.0.0.0/4", "reserved"],
      ["::/128", "this-network"],
      ["::1/128", "loopback"],
      ["64:ff9b:1::/48", "private"],
      ["100::/64", "reserved"],
      ["2001::/23", "reserved"],
      ["2001:db8::/32", "reserved"],
      ["fc00::/7", "private"],
      ["fe80::/10", "link-local"],
      ["fec0::/10", "private"],
      ["ff00::/8", "multicast"],
    ] as const
  ).map(([block, kind]) => ({ block: cidr(block), kind })),
];
/** The only IPv6 space routed on the internet; anything outside it is reserved. */
const GLOBAL_UNICAST_V6 = cidr("2000::/3");

export type Classification = { kind: AddressKind; ip: Ip; via?: Ip };

/**
 * What kind of destination an address is. An IPv6 address that carries an IPv4 address (mapped,
 * compatible, NAT64, 6to4) is whatever that IPv4 address is.
 *
 * @example classifyIp(parseIp("::ffff:7f00:1")!) // { kind: "loopback", via: 127.0.0.1, … }
 */
export function classifyIp(ip: Ip): Classification {
  const direct = RANGES.find((range) => cidrContains(range.block, ip));
  // Single addresses (::, ::1, metadata) first: :: and ::1 also lie in the IPv4-compatible block.
  if (direct && direct.block.prefix === BITS[ip.version]) return { kind: direct.kind, ip };
  const inner = embeddedIpv4(ip);
  if (inner) return { kind: classifyIp(inner).kind, ip, via: inner };
  if (direct) return { kind: direct.kind, ip };
  if (ip.version === 6 && !cidrContains(GLOBAL_UNICAST_V6, ip)) return { kind: "reserved", ip };
  return { kind: "public", ip };
}
