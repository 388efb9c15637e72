import { describe, expect, it } from "vitest";
import type { WorkflowInput } from "@/lib/workflow/schema";
import { initialFormValue } from "./input-field";
import { startRunErrors, toRunInputs } from "./run-inputs";

const inputs: WorkflowInput[] = [
  { name: "region", type: "select", options: ["us-east-1", "us-west-2"], required: true },
  { name: "replicas", type: "number", required: true, default: 2 },
  { name: "public", type: "boolean", required: false },
  { name: "owner", type: "string", required: true },
  { name: "note", type: "string", required: false },
];

describe("toRunInputs", () => {
  it("converts the form's values to typed inputs, leaving empty optional ones to their defaults", () => {
    expect(toRunInputs(inputs, { region: "us-west-2", replicas: " 3 ", public: true, owner: "payments", note: "" })).toEqual({
      data: { region: "us-west-2", replicas: 3, public: true, owner: "payments" },
    });
    expect(toRunInputs(inputs, { region: "us-east-1", replicas: "", public: false, owner: "x", note: "" })).toEqual({
      data: { region: "us-east-1", replicas: 2, public: false, owner: "x" },
    });
  });

  it("names every field at fault", () => {
    expect(toRunInputs(inputs, { region: "", replicas: "many", public: false, owner: " ", note: "" })).toEqual({
      errors: { region: "Choose a value.", replicas: "Must be a number", owner: "Enter a value." },
    });
  });
});

describe("initialFormValue", () => {
  it("takes a previous run's value when it still fits the input, else the default", () => {
    expect(initialFormValue(inputs[0]!, "us-west-2")).toBe("us-west-2");
    expect(initialFormValue(inputs[0]!, "eu-west-1")).toBe("");
    expect(initialFormValue(inputs[1]!, "7")).toBe("2");
    expect(initialFormValue(inputs[1]!, 7)).toBe("7");
    expect(initialFormValue(inputs[2]!, undefined)).toBe(false);
  });
});

describe("startRunErrors", () => {
  it("sends input problems to their fields and definition problems to the list", () => {
    const error = {
      data: {
        fieldErrors: { "inputs.owner": "Invalid input", "nodes.0.config.url": "is required" },
        issues: [
          { path: "inputs.owner", message: "Invalid input" },
          { path: "nodes.0.config.url", message: "is required" },
        ],
      },
    };
    expect(startRunErrors(error)).toEqual({ fields: { owner: "Invalid input" }, problems: ["nodes.0.config.url: is required"] });
    expect(startRunErrors(new Error("boom"))).toEqual({ fields: {}, problems: [] });
  });
});
