"use client";
import { Plus, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/input";
import { INPUT_TYPES, type WorkflowDefinition, type WorkflowInput } from "@/lib/workflow/schema";
import type { Problem } from "@/lib/workflow/validate";
import type { Editor } from "./use-editor";

/** Shown when nothing is selected: the run inputs and what happens on failure. */
export function WorkflowSettings({ definition, editor, problems }: { definition: WorkflowDefinition; editor: Editor | null; problems: Problem[] }) {
  const readOnly = !editor;
  const setInputs = (inputs: WorkflowInput[], coalesce: string) => editor?.edit((d) => ({ ...d, inputs }), coalesce);
  const update = (i: number, patch: Partial<WorkflowInput>, field: string) =>
    setInputs(definition.inputs.map((input, j) => (j === i ? { ...input, ...patch } : input)), `input:${i}:${field}`);
  const nameTaken = (name: string, i: number) => definition.inputs.some((x, j) => j !== i && x.name === name);

  return (
    <div className="space-y-5 p-4">
      <div>
        <h2 className="text-sm font-semibold text-slate-900">Workflow settings</h2>
        <p className="text-xs text-slate-500">Select a step or a connection to edit it. {problems.length ? `${problems.length} problem(s) listed below the canvas.` : ""}</p>
      </div>
      <Field id="wf-onfailure" label="When a step fails">
        <Select
          id="wf-onfailure"
          value={definition.onFailure}
          disabled={readOnly}
          onChange={(e) => editor?.edit((d) => ({ ...d, onFailure: e.target.value as WorkflowDefinition["onFailure"] }))}
        >
          <option value="stop">Stop the run</option>
          <option value="rollback">Roll back completed steps (in reverse order)</option>
        </Select>
      </Field>
      <section aria-labelledby="inputs-heading">
        <div className="mb-2 flex items-center justify-between">
          <h3 id="inputs-heading" className="text-sm font-medium text-slate-700">
            Run inputs
          </h3>
          {!readOnly ? (
            <Button
              variant="ghost"
              size="sm"
              onClick={() => {
                let n = definition.inputs.length + 1;
                while (definition.inputs.some((x) => x.name === `input_${n}`)) n++;
                setInputs([...definition.inputs, { name: `input_${n}`, type: "string", required: true }], "add-input");
              }}
            >
              <Plus className="size-4" aria-hidden /> Add input
            </Button>
          ) : null}
        </div>
        {definition.inputs.length === 0 ? (
          <p className="text-xs text-slate-500">No inputs. Steps can reference inputs as <code>{"${{ inputs.name }}"}</code>.</p>
        ) : null}
        <ul className="space-y-3">
          {definition.inputs.map((input, i) => {
            const isBadName = !/^[a-z][a-z0-9_]{0,62}$/.test(input.name) ? "Use a-z, 0-9 and _, starting with a letter." : nameTaken(input.name, i) ? "Another input has this name." : undefined;
            return (
              <li key={i} className="space-y-2 rounded-md border border-slate-200 p-3">
                <div className="grid grid-cols-2 gap-2">
                  <Field id={`input-${i}-name`} label="Name" error={isBadName}>
                    <Input id={`input-${i}-name`} value={input.name} disabled={readOnly} aria-invalid={Boolean(isBadName)} onChange={(e) => update(i, { name: e.target.value }, "name")} />
                  </Field>
                  <Field id={`input-${i}-type`} label="Type">
                    <Select id={`input-${i}-type`} value={input.type} disabled={readOnly} onChange={(e) => update(i, { type: e.target.value as WorkflowInput["type"] }, "type")}>
                      {INPUT_TYPES.map((t) => (
                        <option key={t} value={t}>
                          {t}
                        </option>
                      ))}
                    </Select>
                  </Field>
                </div>
                {input.type === "select" ? (
                  <Field id={`input-${i}-options`} label="Choices (comma-separated)">
                    <Input
                      id={`input-${i}-options`}
                      value={(input.options ?? []).join(", ")}
                      disabled={readOnly}
                      onChange={(e) => update(i, { options: e.target.value.split(",").map((s) => s.trim()).filter(Boolean) }, "options")}
                    />
                  </Field>
                ) : null}
                <div className="flex items-center justify-between">
                  <label className="flex items-center gap-2 text-sm text-slate-700">
                    <input type="checkbox" checked={input.required} disabled={readOnly} onChange={(e) => update(i, { required: e.target.checked }, "required")} />
                    Required
                  </label>
                  {!readOnly ? (
                    <Button variant="ghost" size="sm" aria-label={`Remove input ${input.name}`} onClick={() => setInputs(definition.inputs.filter((_, j) => j !== i), `remove-input:${i}`)}>
                      <Trash2 className="size-4" aria-hidden />
                    </Button>
                  ) : null}
                </div>
              </li>
            );
          })}
        </ul>
      </section>
    </div>
  );
}
