/** IPv4 arithmetic for the simulated networks: carving subnets and handing out addresses. */

export type Block = { base: number; prefix: number };

function toInt(ip: string): number {
  return ip.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

export function toIp(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

/** Parses "a.b.c.d/n" (already validated by the spec schema) into its network address and prefix. */
export function parseCidr(cidr: string): Block {
  const [ip = "0.0.0.0", bits = "32"] = cidr.split("/");
  const prefix = Number(bits);
  const size = 2 ** (32 - prefix);
  return { base: Math.floor(toInt(ip) / size) * size, prefix };
}

function blockSize(block: Block): number {
  return 2 ** (32 - block.prefix);
}

/** Whether `inner` lies entirely inside `outer`. */
export function isInside(inner: Block, outer: Block): boolean {
  return inner.prefix >= outer.prefix && inner.base >= outer.base && inner.base + blockSize(inner) <= outer.base + blockSize(outer);
}

export function overlaps(a: Block, b: Block): boolean {
  return a.base < b.base + blockSize(b) && b.base < a.base + blockSize(a);
}

/**
 * The first `count` free host addresses of a block, skipping the first four and the last one as the big
 * clouds reserve them (network, router, DNS, future use; broadcast). Undefined when the block is full.
 */
export function allocateHosts(cidr: string, used: ReadonlySet<string>, count: number): string[] | undefined {
  const block = parseCidr(cidr);
  const first = block.base + 4;
  const last = block.base + blockSize(block) - 2;
  const found: string[] = [];
  for (let address = first; address <= last && found.length < count; address++) {
    const ip = toIp(address);
    if (!used.has(ip)) found.push(ip);
  }
  return found.length === count ? found : undefined;
}

/** The provider's default network in a region, used when a spec names no subnet (10.x, one /16 per region). */
export function defaultNetworkCidr(regionIndex: number): string {
  return `10.${200 + regionIndex}.0.0/16`;
}
