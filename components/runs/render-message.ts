import { formatValue } from "./format";

const TEMPLATE = /\$\{\{\s*(.*?)\s*\}\}/g;
const INPUT_REF = /^inputs\.([a-z][a-z0-9_]*)$/;
const OUTPUT_REF = /^steps\.([a-z][a-z0-9_]*)\.outputs\.([A-Za-z_][A-Za-z0-9_]*)$/;

/**
 * An approval's message with its plain references filled in (`${{ inputs.x }}`, `${{ steps.a.outputs.b }}`)
 * from the run, so the approver reads values rather than expressions. Anything else (operators, functions)
 * is left as written: evaluating CEL is the engine's job.
 */
export function renderMessage(message: string, inputs: Record<string, unknown>, outputs: ReadonlyMap<string, Record<string, unknown>>): string {
  return message.replace(TEMPLATE, (whole, expression: string) => {
    const input = INPUT_REF.exec(expression);
    if (input && Object.hasOwn(inputs, input[1]!)) return formatValue(inputs[input[1]!]);
    const output = OUTPUT_REF.exec(expression);
    const values = output ? outputs.get(output[1]!) : undefined;
    if (output && values && Object.hasOwn(values, output[2]!)) return formatValue(values[output[2]!]);
    return whole;
  });
}
