import "server-only";
import type { Db } from "@/db/client";
import { TEMPLATES } from "@/lib/workflow/templates";
import { insertWorkflow } from "./workflows";

/** On the very first start (with the first admin), one demo workflow per template, so the product is not empty. */
export async function seedDemoWorkflows(db: Db, adminId: string): Promise<void> {
  for (const t of TEMPLATES) {
    await insertWorkflow(db, adminId, { name: t.name, description: t.description, definition: structuredClone(t.definition), message: "Demo workflow" });
  }
  console.log(`[stratus] added ${TEMPLATES.length} demo workflows`);
}
