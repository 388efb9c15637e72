import { z } from "zod";
import { defineStep } from "../define";
import { stringMap } from "./fields";

export const script = defineStep({
  type: "script",
  title: "Run script",
  description: "Run a shell command on the worker. An admin can forbid scripts with a policy on step.type, e.g. in some workflows only.",
  category: "integrations",
  icon: "Terminal",
  config: z.strictObject({
    command: z
      .string()
      .trim()
      .min(1, "is required")
      .max(10_000)
      .describe("Shell command. Pass ${{ … }} values in through Environment and use them as $NAME, so the shell never parses them.")
      .meta({ title: "Command", multiline: true }),
    shell: z.enum(["sh", "bash"]).default("sh").describe("Shell that runs the command.").meta({ title: "Shell" }),
    workingDir: z
      .string()
      .trim()
      .max(500)
      .regex(/^(?!\/)(?!.*(^|\/)\.\.(\/|$))/, "must be a relative path inside the run's workspace")
      .default("")
      .describe("Relative to the run's workspace folder; empty is the workspace itself.")
      .meta({ title: "Working directory" }),
    env: stringMap("Environment", "Variables for the command, e.g. BACKUP_URL=${{ steps.backup_bucket.outputs.url }}. They are stored in the workflow as written: keep secrets out."),
  }),
  outputs: {
    exitCode: { type: "number", description: "Exit code of the command (the step fails unless it is 0)." },
    stdout: { type: "string", description: "Standard output (the last 64 KB)." },
  },
  compensable: false,
});
