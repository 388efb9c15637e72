import { describe, expect, it } from "vitest";
import { getStep } from "@/lib/catalog";
import type { ProviderResource } from "../providers/types";
import { findRecord, outputsOf, replacedValues, resourceNameFor } from "./resources";

const resource = (over: Partial<ProviderResource> & { attributes?: Record<string, unknown> }): ProviderResource => ({
  externalId: "r-1",
  type: "dns.record",
  region: "us-east-1",
  name: "app",
  status: "ready",
  attributes: {},
  tags: {},
  costPerHour: 0,
  ...over,
});

describe("resourceNameFor", () => {
  it("turns any step id into a name every provider accepts", () => {
    const valid = /^[a-z][a-z0-9-]{0,62}$/;
    expect(resourceNameFor("deploy_green")).toBe("deploy-green");
    expect(resourceNameFor("Deploy__Green_2")).toBe("deploy-green-2");
    expect(resourceNameFor("_9lives")).toBe("s-9lives");
    expect(resourceNameFor("deploy_green", "rollback")).toBe("deploy-green-rollback");
    const long = resourceNameFor(`a${"_b".repeat(60)}`, "rollback");
    expect(long).toMatch(valid);
    expect(long.endsWith("-rollback")).toBe(true);
    for (const id of ["x", "X_", "__", "a".repeat(200), "step_1_"]) expect(resourceNameFor(id), id).toMatch(valid);
  });
});

describe("replacedValues", () => {
  it("prefers what the provider reported it replaced, then what the resource showed before", () => {
    const r = resource({ attributes: { value: "new", previous: { value: "old", ttlSeconds: 60 } } });
    expect(replacedValues(r, ["value", "ttlSeconds", "recordType"], { value: "listed", recordType: "CNAME" })).toEqual({ value: "old", ttlSeconds: 60, recordType: "CNAME" });
    expect(replacedValues(resource({ attributes: { previous: "not a map" } }), ["value"], { value: "listed" })).toEqual({ value: "listed" });
  });
});

describe("findRecord", () => {
  it("finds a live record by full name, preferring the step's region", () => {
    const elsewhere = resource({ externalId: "r-west", region: "us-west-2", attributes: { fqdn: "app.example.com" } });
    const here = resource({ externalId: "r-east", attributes: { fqdn: "app.example.com" } });
    const failed = resource({ externalId: "r-failed", status: "failed", attributes: { fqdn: "app.example.com" } });
    const other = resource({ externalId: "r-other", attributes: { fqdn: "api.example.com" } });
    expect(findRecord([elsewhere, here, other], "app.example.com", "us-east-1")?.externalId).toBe("r-east");
    expect(findRecord([failed, elsewhere], "app.example.com", "us-east-1")?.externalId).toBe("r-west");
    expect(findRecord([failed, other], "app.example.com", "us-east-1")).toBeUndefined();
  });
});

describe("outputsOf", () => {
  it("reads the catalog's outputs from the attributes; an id output falls back to the external id", () => {
    const step = getStep("update-load-balancer")!;
    expect(outputsOf(step, resource({ externalId: "lb-1", attributes: { previousTargets: "grp-blue", extra: 1 } }))).toEqual({ loadBalancerId: "lb-1", previousTargets: "grp-blue" });
    expect(outputsOf(step, resource({ externalId: "lb-1" }))).toEqual({ loadBalancerId: "lb-1", previousTargets: null });
  });
});
