import { describe, expect, it } from "vitest";
import { renderMessage } from "./render-message";

describe("renderMessage", () => {
  const outputs = new Map([["vm", { url: "http://10.0.0.9:8080", port: 8080 }]]);
  it("fills plain input and output references", () => {
    expect(renderMessage("Go live in ${{ inputs.region }} at ${{steps.vm.outputs.url}} (${{ steps.vm.outputs.port }})?", { region: "us-west-2" }, outputs)).toBe(
      "Go live in us-west-2 at http://10.0.0.9:8080 (8080)?",
    );
  });
  it("leaves expressions it cannot resolve as written", () => {
    const text = "${{ steps.db.outputs.url }} ${{ inputs.missing }} ${{ steps.vm.outputs.port + 1 }} ${{ inputs.__proto__ }}";
    expect(renderMessage(text, {}, outputs)).toBe(text);
  });
});
