import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  fieldErrorsFromZod,
  formFields,
  humanise,
  insertReference,
  matchReferences,
  referenceSlot,
  type FormField,
} from "./form-model";

const provision = z.object({
  provider: z
    .enum(["local", "aws-sim", "azure-sim", "gcp-sim"])
    .default("local")
    .meta({ title: "Provider" })
    .describe("Where to provision"),
  name: z.string().min(1).max(63).meta({ title: "Name" }),
  size: z.enum(["small", "medium", "large"]).default("small"),
  count: z.number().int().min(1).max(100).default(1).describe("How many"),
  ratio: z.number().min(0).max(1).optional(),
  publicAccess: z.boolean().default(false),
  cidrs: z.array(z.string()).default([]),
  tags: z.record(z.string(), z.string()).default({}),
  url: z.string().url(),
  expression: z.string().meta({ title: "Condition", expression: true }),
  script: z.string().meta({ multiline: true, description: "Runs with sh -e" }),
  network: z.object({ vpcId: z.string(), subnet: z.string() }).optional(),
});

function byKey(fields: FormField[]): Record<string, FormField> {
  return Object.fromEntries(fields.map((f) => [f.key, f]));
}

describe("formFields", () => {
  const fields = formFields(provision);
  const f = byKey(fields);

  it("keeps schema order", () => {
    expect(fields.map((x) => x.key)).toEqual(Object.keys(provision.shape));
  });

  it("maps each shape to its kind", () => {
    expect(Object.fromEntries(fields.map((x) => [x.key, x.kind]))).toEqual({
      provider: "enum",
      name: "string",
      size: "enum",
      count: "integer",
      ratio: "number",
      publicAccess: "boolean",
      cidrs: "string-list",
      tags: "string-map",
      url: "string",
      expression: "expression",
      script: "string",
      network: "json",
    });
  });

  it("is required only when listed as required and without a default", () => {
    const required = fields.filter((x) => x.required).map((x) => x.key);
    expect(required).toEqual(["name", "url", "expression", "script"]);
    expect(f.provider?.default).toBe("local");
    expect(f.cidrs?.default).toEqual([]);
    expect(f.tags?.default).toEqual({});
    expect(f.publicAccess?.default).toBe(false);
    expect(f.url).not.toHaveProperty("default");
  });

  it("reads titles and descriptions, else humanises the key", () => {
    expect(f.provider).toMatchObject({ label: "Provider", help: "Where to provision" });
    expect(f.expression?.label).toBe("Condition");
    expect(f.publicAccess?.label).toBe("Public access");
    expect(f.publicAccess).not.toHaveProperty("help");
    expect(f.count).toMatchObject({ label: "Count", help: "How many" });
    expect(f.script?.help).toBe("Runs with sh -e");
  });

  it("carries numeric and length bounds", () => {
    expect(f.count).toMatchObject({ min: 1, max: 100 });
    expect(f.ratio).toMatchObject({ min: 0, max: 1 });
    expect(f.name).toMatchObject({ minLength: 1, maxLength: 63 });
    expect(f.url).not.toHaveProperty("minLength");
  });

  it("lists enum options", () => {
    expect(f.provider?.options).toEqual(["local", "aws-sim", "azure-sim", "gcp-sim"]);
    expect(f.size?.options).toEqual(["small", "medium", "large"]);
  });

  it("marks multiline strings only", () => {
    expect(f.script?.isMultiline).toBe(true);
    expect(f.name).not.toHaveProperty("isMultiline");
  });

  it("turns exclusive integer bounds into inclusive ones and ignores them for decimals", () => {
    const g = byKey(formFields(z.object({ port: z.int().gt(0).lt(65536), share: z.number().gt(0).lt(1) })));
    expect(g.port).toMatchObject({ kind: "integer", min: 1, max: 65535 });
    expect(g.share).not.toHaveProperty("min");
    expect(g.share).not.toHaveProperty("max");
  });

  it("treats literals and literal unions of strings as enums", () => {
    const g = byKey(formFields(z.object({ one: z.literal("only"), some: z.union([z.literal("a"), z.literal("b")]) })));
    expect(g.one).toMatchObject({ kind: "enum", options: ["only"] });
    expect(g.some).toMatchObject({ kind: "enum", options: ["a", "b"] });
  });

  it("edits nullable fields as their inner kind", () => {
    const g = byKey(formFields(z.object({ note: z.string().nullable(), limit: z.number().int().nullable().default(null) })));
    expect(g.note).toMatchObject({ kind: "string", required: true });
    expect(g.limit).toMatchObject({ kind: "integer", required: false, default: null });
  });

  it("falls back to json for shapes the form has no control for", () => {
    const g = byKey(
      formFields(
        z.object({
          ports: z.array(z.number()),
          rules: z.array(z.object({ port: z.number() })),
          weights: z.record(z.string(), z.number()),
          mixed: z.union([z.string(), z.number()]),
          when: z.date(),
          anything: z.unknown(),
        }),
      ),
    );
    for (const key of ["ports", "rules", "weights", "mixed", "when", "anything"]) expect(g[key]?.kind, key).toBe("json");
  });

  it("resolves shared schemas registered with an id", () => {
    const Endpoint = z.object({ host: z.string() }).meta({ id: "Endpoint" });
    const g = byKey(formFields(z.object({ labels: z.record(z.string(), z.string()).meta({ id: "Labels" }), target: Endpoint })));
    expect(g.labels?.kind).toBe("string-map");
    expect(g.target?.kind).toBe("json");
  });
});

describe("humanise", () => {
  it.each([
    ["publicAccess", "Public access"],
    ["maxRetries", "Max retries"],
    ["vpcId", "VPC ID"],
    ["health_check_url", "Health check URL"],
    ["cidrs", "CIDRs"],
    ["HTTPMethod", "HTTP method"],
  ])("%s → %s", (key, label) => {
    expect(humanise(key)).toBe(label);
  });
});

describe("fieldErrorsFromZod", () => {
  it("keys the first message per dotted path", () => {
    const schema = z
      .object({
        name: z.string().min(3, "Too short").regex(/^[a-z]+$/, "Lowercase only"),
        cidrs: z.array(z.string().min(9, "Not a CIDR")),
        tags: z.record(z.string(), z.string()),
        url: z.string(),
      })
      .refine((c) => c.name !== "web", "Name is reserved");
    const result = schema.safeParse({ name: "A", cidrs: ["10.0.0.0/8", "x"], tags: { env: 1 } });
    expect(result.success).toBe(false);
    if (result.success) return;
    const errors = fieldErrorsFromZod(result.error);
    expect(errors).toMatchObject({ name: "Too short", "cidrs.1": "Not a CIDR" });
    expect(Object.keys(errors).sort()).toEqual(["cidrs.1", "name", "tags.env", "url"]);
  });

  it("keys object-level issues by the empty path", () => {
    const schema = z.object({ a: z.string() }).refine((c) => c.a !== "web", "Name is reserved");
    const result = schema.safeParse({ a: "web" });
    expect(result.success ? {} : fieldErrorsFromZod(result.error)).toEqual({ "": "Name is reserved" });
  });
});

describe("reference completion", () => {
  const refs = ["inputs.region", "inputs.env", "steps.web.outputs.url", "steps.db.outputs.host"];
  const at = (text: string) => ({ text: text.replace("|", ""), caret: text.indexOf("|") });

  it("finds a template slot only inside an unclosed ${{", () => {
    const slot = (s: string) => {
      const { text, caret } = at(s);
      return referenceSlot(text, caret, "template");
    };
    expect(slot("https://${{ steps.w|")).toEqual({ from: 12, to: 19, query: "steps.w" });
    expect(slot("${{|")).toEqual({ from: 3, to: 3, query: "" });
    expect(slot("${{ inp|uts }}")).toEqual({ from: 4, to: 10, query: "inp" });
    expect(slot("${{ inputs.env }} and |")).toBeNull();
    expect(slot("plain text|")).toBeNull();
  });

  it("finds an expression slot at the caret word", () => {
    expect(referenceSlot("inputs.env == 'prod' && st", 26, "expression")).toEqual({ from: 24, to: 26, query: "st" });
    expect(referenceSlot("a == ", 5, "expression")).toEqual({ from: 5, to: 5, query: "" });
  });

  it("matches prefixes first, then substrings, ignoring case", () => {
    expect(matchReferences(refs, "URL")).toEqual(["steps.web.outputs.url"]);
    expect(matchReferences(refs, "in")).toEqual(["inputs.region", "inputs.env"]);
    expect(matchReferences(refs, "s")).toEqual(["steps.web.outputs.url", "steps.db.outputs.host", "inputs.region", "inputs.env"]);
    expect(matchReferences(refs, "nope")).toEqual([]);
  });

  it("completes a template with spaces and the closing braces", () => {
    const complete = (s: string, ref: string) => {
      const { text, caret } = at(s);
      const slot = referenceSlot(text, caret, "template");
      if (!slot) throw new Error("no slot");
      return insertReference(text, slot, ref, "template");
    };
    expect(complete("https://${{ steps.w|", "steps.web.outputs.url")).toEqual({
      text: "https://${{ steps.web.outputs.url }}",
      caret: 36,
    });
    expect(complete("${{|", "inputs.region").text).toBe("${{ inputs.region }}");
    expect(complete("${{ inp|ut }}/x", "inputs.env")).toEqual({ text: "${{ inputs.env }}/x", caret: 14 });
    expect(complete("${{ inp|}}", "inputs.env").text).toBe("${{ inputs.env }}");
    expect(complete("${{ in| ${{ inputs.env }}", "inputs.region").text).toBe("${{ inputs.region }} ${{ inputs.env }}");
  });

  it("completes an expression word in place", () => {
    const text = "inputs.env == 'prod' && st";
    const slot = referenceSlot(text, text.length, "expression");
    if (!slot) throw new Error("no slot");
    expect(insertReference(text, slot, "steps.db.outputs.host", "expression")).toEqual({
      text: "inputs.env == 'prod' && steps.db.outputs.host",
      caret: 45,
    });
  });
});

describe("number-or-template fields", () => {
  it("edits a number that may also be one ${{ }} template as its own kind", () => {
    const schema = z.object({ desired: z.union([z.number().int().min(1), z.string().regex(/^\$\{\{.*\}\}$/)]).default(2) });
    expect(formFields(schema)).toMatchObject([{ key: "desired", kind: "number-or-template", default: 2 }]);
  });
});
