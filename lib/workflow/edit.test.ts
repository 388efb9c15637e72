import { describe, expect, it } from "vitest";
import { addStep, connect, copyFragment, pasteFragment, removeElements, uniqueStepId, updateNode } from "./edit";
import { emptyDefinition } from "./schema";

const make = { type: "provision-instance", title: "Provision instance" };

describe("designer edits", () => {
  it("adds steps with unique ids and names, optionally connected", () => {
    let d = emptyDefinition();
    const a = addStep(d, make, { x: 0, y: 0 });
    d = a.definition;
    const b = addStep(d, make, { x: 260, y: 0 }, a.id);
    expect([a.id, b.id]).toEqual(["provision_instance", "provision_instance_2"]);
    expect(b.definition.nodes.map((n) => n.name)).toEqual(["Provision instance", "Provision instance 2"]);
    expect(b.definition.edges).toEqual([{ source: a.id, target: b.id, on: "success" }]);
    expect(uniqueStepId(d, "9 Lives!")).toBe("s_9_lives");
  });

  it("refuses self-loops, duplicates and cycles with a reason", () => {
    let d = addStep(emptyDefinition(), make, { x: 0, y: 0 }).definition;
    d = addStep(d, make, { x: 0, y: 0 }, "provision_instance").definition;
    expect(connect(d, "provision_instance", "provision_instance")).toEqual({ ok: false, reason: "A step cannot connect to itself." });
    expect(connect(d, "provision_instance", "provision_instance_2")).toMatchObject({ ok: false, reason: /already connected/ });
    expect(connect(d, "provision_instance_2", "provision_instance")).toMatchObject({ ok: false, reason: /cycle/ });
  });

  it("removes steps with their connections, and keeps untouched nodes identical", () => {
    let d = addStep(emptyDefinition(), make, { x: 0, y: 0 }).definition;
    d = addStep(d, make, { x: 0, y: 0 }, "provision_instance").definition;
    const updated = updateNode(d, "provision_instance_2", { name: "Web" });
    expect(updated.nodes[0]).toBe(d.nodes[0]);
    const removed = removeElements(updated, ["provision_instance"]);
    expect(removed.nodes.map((n) => n.id)).toEqual(["provision_instance_2"]);
    expect(removed.edges).toEqual([]);
  });

  it("copies and pastes a selection with fresh ids and its inner connections", () => {
    let d = addStep(emptyDefinition(), make, { x: 0, y: 0 }).definition;
    d = addStep(d, make, { x: 260, y: 0 }, "provision_instance").definition;
    const pasted = pasteFragment(d, copyFragment(d, ["provision_instance", "provision_instance_2"]));
    expect(pasted.ids).toEqual(["provision_instance_3", "provision_instance_4"]);
    expect(pasted.definition.edges).toContainEqual({ source: "provision_instance_3", target: "provision_instance_4", on: "success" });
    expect(pasted.definition.nodes[2]!.position).toEqual({ x: 40, y: 40 });
  });
});
