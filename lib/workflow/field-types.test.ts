import { describe, expect, it } from "vitest";
import { z } from "zod";
import { getStep } from "../catalog";
import { fieldTypes, type ConfigPath } from "./field-types";

const types = (schema: z.ZodType, path: ConfigPath) => {
  const found = fieldTypes(schema, path);
  return found ? [...found].sort() : null;
};

describe("fieldTypes", () => {
  const schema = z
    .strictObject({
      name: z.string().trim().min(1).default("x").describe("Name").meta({ title: "Name" }),
      count: z.number().int().optional(),
      ratio: z.number().nullable(),
      on: z.boolean().default(false),
      size: z.enum(["small", "large"]),
      mode: z.literal(["a", "b"]),
      tags: z.record(z.string(), z.string()).default({}),
      cidrs: z.array(z.string().refine((v) => v.includes("/"))).default([]),
      pair: z.tuple([z.string(), z.number()]),
      either: z.union([z.string(), z.array(z.string())]),
      nested: z.object({ port: z.number(), labels: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])) }).optional(),
      piped: z.string().transform((v) => v.length),
      loose: z.unknown(),
      anything: z.any(),
      both: z.intersection(z.object({ a: z.string() }), z.object({ b: z.string() })),
    })
    .superRefine(() => {});

  it("reads scalars through default/optional/nullable/pipe/refine wrappers", () => {
    expect(types(schema, ["name"])).toEqual(["string"]);
    expect(types(schema, ["count"])).toEqual(["number"]);
    expect(types(schema, ["ratio"])).toEqual(["number"]);
    expect(types(schema, ["on"])).toEqual(["boolean"]);
    expect(types(schema, ["size"])).toEqual(["string"]);
    expect(types(schema, ["mode"])).toEqual(["string"]);
    expect(types(schema, ["piped"])).toEqual(["string"]);
  });

  it("follows object shapes, record values, array elements and tuple items", () => {
    expect(types(schema, ["tags"])).toEqual(["map"]);
    expect(types(schema, ["tags", "team"])).toEqual(["string"]);
    expect(types(schema, ["cidrs"])).toEqual(["list"]);
    expect(types(schema, ["cidrs", 3])).toEqual(["string"]);
    expect(types(schema, ["pair", 1])).toEqual(["number"]);
    expect(types(schema, ["nested", "port"])).toEqual(["number"]);
    expect(types(schema, ["nested", "labels", "x"])).toEqual(["boolean", "number", "string"]);
  });

  it("takes a union's members together", () => {
    expect(types(schema, ["either"])).toEqual(["list", "string"]);
    expect(types(schema, ["either", 0])).toBeNull(); // the string member has no element type
  });

  it("is unknown where the schema takes anything or the path leaves it", () => {
    expect(types(schema, ["loose"])).toBeNull();
    expect(types(schema, ["anything"])).toBeNull();
    expect(types(schema, ["both"])).toBeNull();
    expect(types(schema, ["nope"])).toBeNull();
    expect(types(schema, ["name", "deeper"])).toBeNull();
  });

  it("ignores branches marked template-only", () => {
    const marked = z.object({ n: z.union([z.number(), z.string().regex(/\$\{\{/).meta({ template: true })]).default(1) });
    expect(types(marked, ["n"])).toEqual(["number"]);
  });

  it("reads the real catalog: counts are numbers, tags are text, source CIDRs are a list of text", () => {
    const config = (type: string) => getStep(type)!.config;
    expect(types(config("instance-group"), ["desired"])).toEqual(["number"]);
    expect(types(config("scale-group"), ["desired"])).toEqual(["number"]);
    expect(types(config("bucket"), ["retentionDays"])).toEqual(["number"]);
    expect(types(config("instance-group"), ["tags", "ttl-hours"])).toEqual(["string"]);
    expect(types(config("firewall-rule"), ["sourceCidrs"])).toEqual(["list"]);
    expect(types(config("firewall-rule"), ["sourceCidrs", 0])).toEqual(["string"]);
    expect(types(config("provision-instance"), ["provider"])).toEqual(["string"]);
    expect(types(config("sub-workflow"), ["inputs", "count"])).toEqual(["boolean", "number", "string"]);
  });
});
