import type { EdgeCondition, WorkflowEdge, WorkflowNode } from "../schema";

/** Grid spacing of seeded templates, so they open left-to-right and readable in the designer. */
export const COLUMN_WIDTH = 260;
export const ROW_HEIGHT = 140;

type NodeOptions = Pick<WorkflowNode, "retry" | "timeoutSeconds" | "when"> & { onError?: WorkflowNode["onError"] };

/** A template node placed on the grid: `column` left-to-right in run order, `row` top-to-bottom. */
export function step(
  id: string,
  type: string,
  name: string,
  [column, row]: readonly [number, number],
  config: Record<string, unknown>,
  options: NodeOptions = {},
): WorkflowNode {
  const { onError = "fail", ...rest } = options;
  return { id, type, name, position: { x: column * COLUMN_WIDTH, y: row * ROW_HEIGHT }, config, onError, ...rest };
}

export function edge(source: string, target: string, on: EdgeCondition = "success"): WorkflowEdge {
  return { source, target, on };
}
