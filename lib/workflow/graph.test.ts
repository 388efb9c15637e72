import { describe, expect, it } from "vitest";
import { ancestorSets, findCycle, topologicalOrder, wouldCreateCycle } from "./graph";

const e = (source: string, target: string) => ({ source, target });

describe("graph", () => {
  it("finds a cycle and returns its path", () => {
    expect(findCycle(["a", "b", "c"], [e("a", "b"), e("b", "c"), e("c", "a")])).toEqual(["a", "b", "c", "a"]);
    expect(findCycle(["a", "b", "c"], [e("a", "b"), e("a", "c"), e("b", "c")])).toBeNull();
  });

  it("handles a 5,000-step chain without overflowing the stack", () => {
    const ids = Array.from({ length: 5000 }, (_, i) => `n${i}`);
    const edges = ids.slice(1).map((id, i) => e(ids[i]!, id));
    expect(findCycle(ids, edges)).toBeNull();
    expect(findCycle(ids, [...edges, e("n4999", "n0")])).toHaveLength(5001);
    expect(topologicalOrder(ids, edges)).toEqual(ids);
  });

  it("refuses a connection that would close a cycle, or loop on itself", () => {
    const edges = [e("a", "b"), e("b", "c")];
    expect(wouldCreateCycle(edges, "c", "a")).toBe(true);
    expect(wouldCreateCycle(edges, "a", "a")).toBe(true);
    expect(wouldCreateCycle(edges, "a", "c")).toBe(false);
  });

  it("answers which steps run upstream", () => {
    const isUpstream = ancestorSets(["a", "b", "c", "d"], [e("a", "b"), e("b", "c"), e("a", "d")]);
    expect(isUpstream("c", "a")).toBe(true);
    expect(isUpstream("c", "b")).toBe(true);
    expect(isUpstream("c", "d")).toBe(false);
    expect(isUpstream("a", "c")).toBe(false);
    expect(isUpstream("a", "a")).toBe(false);
  });
});
