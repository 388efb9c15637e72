/**
 * Deterministic randomness for the simulation: the same seed (or the same input string) always gives the
 * same faults, ids and metrics, so failure tests and golden runs reproduce exactly.
 */

/** FNV-1a with a murmur3 finaliser: a well-spread 32-bit hash of a string. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A number in [0, 1) fixed by the text. */
export function unitFrom(text: string): number {
  return hash32(text) / 2 ** 32;
}

/** mulberry32: a tiny seeded PRNG returning numbers in [0, 1). */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** `length` lower-case hex digits derived from the text (ids that are stable for one idempotency key). */
export function hexFrom(text: string, length: number): string {
  let out = "";
  for (let round = 0; out.length < length; round++) out += hash32(`${round}:${text}`).toString(16).padStart(8, "0");
  return out.slice(0, length);
}
