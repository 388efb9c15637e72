import "server-only";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { ProviderError } from "../types";
import { LOOPBACK, canConnect, freePort, waitForPort } from "./net";
import { isProcessAlive, killProcessGroup, launchProcess } from "./process";
import type { Runtime } from "./runtime";
import type { LocalRecord } from "./store";

/** What an instance runs: the bundled app for image sample-web (or as a stand-in), or a shell command. */
export const runSpecSchema = z.object({
  image: z.string().trim().min(1).max(500).default("sample-web"),
  command: z.string().max(2000).default(""),
  env: z.record(z.string().min(1).max(128), z.string().max(2000)).default({}),
});
export type RunSpec = z.infer<typeof runSpecSchema>;

/** The process facts kept in an instance's attributes. */
export const processAttributesSchema = z.object({
  pid: z.number().int().positive(),
  port: z.number().int().positive(),
  startTicks: z.number().nullable(),
});

const START_TIMEOUT_MS = 15_000;
/** Variables a started program may need from the host; the server's own secrets are never passed on. */
const INHERITED_ENV = ["PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR"] as const;

function hostEnv(): Record<string, string> {
  // Handing part of the host environment to a child is not configuration, so server/env.ts has no say.
  // eslint-disable-next-line no-restricted-properties
  const source = process.env;
  const env: Record<string, string> = {};
  for (const name of INHERITED_ENV) {
    const value = source[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}

/** Found beside this module when it runs unbundled (tsx, Vitest), else from the project root (Next.js). */
function sampleAppPath(): string {
  const candidates = [path.join(path.dirname(fileURLToPath(import.meta.url)), "sample-app.mjs"), path.resolve("server/providers/local/sample-app.mjs")];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new ProviderError("UNAVAILABLE", `local: the bundled sample app is missing (looked in ${candidates.join(", ")}).`, { isRetryable: false });
  return found;
}

/** The end of a failed process's output, for the error message (the folder is removed on cleanup). */
function logTail(logPath: string): string {
  try {
    const text = readFileSync(logPath, "utf8").trim();
    return text === "" ? "." : `: ${text.slice(-400)}`;
  } catch {
    return ".";
  }
}

export function isSampleImage(image: string): boolean {
  return image === "sample-web" || image.startsWith("sample-web:");
}

export function instanceDir(rt: Runtime, id: string): string {
  return path.join(rt.root, "instances", id);
}

/**
 * Starts the process of an instance record on a free port (or `port`), waits until the port answers and
 * writes pid, port, url and log path into its attributes. On failure nothing is left running.
 */
export async function startProcess(rt: Runtime, record: LocalRecord, run: RunSpec, options: { signal?: AbortSignal; port?: number } = {}): Promise<void> {
  const dir = instanceDir(rt, record.externalId);
  await mkdir(dir, { recursive: true });
  const logPath = path.join(dir, "output.log");
  const port = options.port && !(await canConnect(options.port)) ? options.port : await freePort();
  const isCommand = run.command.trim() !== "";
  const env = { ...hostEnv(), ...run.env, PORT: String(port), HOST: LOOPBACK, STRATUS_INSTANCE_ID: record.externalId, STRATUS_IMAGE: run.image };
  const launched = launchProcess({
    file: isCommand ? "/bin/sh" : process.execPath,
    args: isCommand
      ? ["-c", run.command]
      : [sampleAppPath(), "--port", String(port), "--host", LOOPBACK, "--name", record.name, "--instance", record.externalId, "--image", run.image],
    env,
    cwd: dir,
    logPath,
  });
  // Recorded before waiting: a crash or a cancelled test in between still leaves a pid to adopt or kill.
  record.attributes = {
    ...record.attributes,
    pid: launched.pid,
    startTicks: launched.startTicks,
    port,
    privateIp: LOOPBACK,
    publicIp: "",
    url: `http://${LOOPBACK}:${port}`,
    image: run.image,
    command: run.command,
    // Any image other than sample-web runs the sample app in its place unless a command is given.
    isStandIn: !isCommand && !isSampleImage(run.image),
    logPath,
    lost: false,
  };
  await rt.store.save();
  try {
    await waitForPort(port, {
      timeoutMs: START_TIMEOUT_MS,
      signal: options.signal,
      what: `instance ${record.name} (${record.externalId})`,
      hasExited: () => {
        const code = launched.exitCode();
        return code === null ? undefined : `exited (${code}) before answering on port ${port}${logTail(logPath)}`;
      },
    });
  } catch (error) {
    await killProcessGroup(launched.pid, launched.startTicks, 500);
    throw error;
  }
}

export function processOf(record: LocalRecord): z.infer<typeof processAttributesSchema> | undefined {
  const parsed = processAttributesSchema.safeParse(record.attributes);
  return parsed.success ? parsed.data : undefined;
}

export function isInstanceRunning(record: LocalRecord): boolean {
  const proc = processOf(record);
  return proc !== undefined && isProcessAlive(proc.pid, proc.startTicks);
}

/** Stops the process group of an instance (when it is still ours); its folder stays unless `removeFiles`. */
export async function stopProcess(rt: Runtime, record: LocalRecord, options: { removeFiles: boolean }): Promise<void> {
  const proc = processOf(record);
  if (proc) {
    await killProcessGroup(proc.pid, proc.startTicks);
    rt.cpuSamples.delete(proc.pid);
  }
  if (options.removeFiles) await rm(instanceDir(rt, record.externalId), { recursive: true, force: true });
}
