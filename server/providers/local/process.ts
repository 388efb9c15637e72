import "server-only";
import { spawn } from "node:child_process";
import { closeSync, openSync, readdirSync, readFileSync } from "node:fs";

/** Linux exposes per-process accounting in /proc; elsewhere liveness falls back to signal 0. */
const HAS_PROC = (() => {
  try {
    readFileSync("/proc/self/stat");
    return true;
  } catch {
    return false;
  }
})();

/** USER_HZ: /proc times are in clock ticks, 100 per second on every mainstream Linux build. */
const TICKS_PER_SECOND = 100;

export type ProcStat = { pid: number; state: string; pgrp: number; cpuTicks: number; startTicks: number };

export function readProcStat(pid: number): ProcStat | undefined {
  if (!HAS_PROC) return undefined;
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces and parentheses; everything after the last ")" is numeric.
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  const num = (i: number) => Number(fields[i] ?? Number.NaN);
  return { pid, state: fields[0] ?? "?", pgrp: num(2), cpuTicks: num(11) + num(12), startTicks: num(19) };
}

function readRssBytes(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match?.[1] ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Seconds since boot, the clock /proc start times are measured against. */
function uptimeSeconds(): number {
  try {
    return Number(readFileSync("/proc/uptime", "utf8").split(" ")[0]);
  } catch {
    return Number.NaN;
  }
}

/** Alive means running (not a zombie) and, when we know its start time, not a recycled pid. */
export function isProcessAlive(pid: number, startTicks?: number | null): boolean {
  if (!HAS_PROC) {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
  const stat = readProcStat(pid);
  if (!stat || stat.state === "Z" || stat.state === "X") return false;
  return startTicks == null || stat.startTicks === startTicks;
}

function groupMembers(pgid: number): ProcStat[] {
  if (!HAS_PROC) return [];
  const members: ProcStat[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProcStat(Number(entry));
    if (stat && stat.pgrp === pgid && stat.state !== "Z" && stat.state !== "X") members.push(stat);
  }
  return members;
}

/**
 * Signalling the group is safe when its leader is ours or gone: Linux never hands out a pid while a process
 * group still carries it, so survivors in group `pid` are the leader's own children.
 */
function isGroupOurs(pid: number, startTicks: number | null | undefined): boolean {
  const leader = readProcStat(pid);
  return !leader || leader.state === "Z" || startTicks == null || leader.startTicks === startTicks;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitGroupGone(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (HAS_PROC ? groupMembers(pid).length === 0 : !isProcessAlive(pid)) return true;
    if (Date.now() >= deadline) return false;
    await sleep(50);
  }
}

/** SIGTERM to the whole process group, SIGKILL after `graceMs`; resolves when nothing of it runs. */
export async function killProcessGroup(pid: number, startTicks: number | null | undefined, graceMs = 1500): Promise<void> {
  if (!isGroupOurs(pid, startTicks)) return;
  signalGroup(pid, "SIGTERM");
  if (await waitGroupGone(pid, graceMs)) return;
  signalGroup(pid, "SIGKILL");
  await waitGroupGone(pid, 2000);
}

export type Launch = { file: string; args: string[]; env: Record<string, string>; cwd: string; logPath: string };
export type Launched = { pid: number; startTicks: number | null; exitCode: () => number | string | null };

/** Starts a detached process (its own process group) with stdout and stderr appended to its log file. */
export function launchProcess(launch: Launch): Launched {
  const log = openSync(launch.logPath, "a");
  let exit: number | string | null = null;
  try {
    // Launched apps run as deployed ones; a NODE_ENV in the spec's env wins.
    const env = { NODE_ENV: "production" as const, ...launch.env };
    const child = spawn(launch.file, launch.args, { cwd: launch.cwd, env, detached: true, stdio: ["ignore", log, log] });
    if (child.pid === undefined) throw new Error(`could not start ${launch.file}`);
    child.on("error", (error) => (exit = error.message));
    child.on("exit", (code, signal) => (exit = code ?? signal ?? "exited"));
    // The driver's lifetime must not hold the server open, and a restart re-adopts the process.
    child.unref();
    return { pid: child.pid, startTicks: readProcStat(child.pid)?.startTicks ?? null, exitCode: () => exit };
  } finally {
    closeSync(log);
  }
}

export type ProcessUsage = { cpuSeconds: number; rssBytes: number; uptimeSeconds: number; processes: number };

/** CPU time and resident memory summed over the process group (a shell and the app it started). */
export function processUsage(pid: number): ProcessUsage | undefined {
  const leader = readProcStat(pid);
  if (!leader) return undefined;
  const members = groupMembers(pid);
  const all = members.length > 0 ? members : [leader];
  return {
    cpuSeconds: all.reduce((sum, p) => sum + p.cpuTicks, 0) / TICKS_PER_SECOND,
    rssBytes: all.reduce((sum, p) => sum + readRssBytes(p.pid), 0),
    uptimeSeconds: Math.max(0, uptimeSeconds() - leader.startTicks / TICKS_PER_SECOND),
    processes: all.length,
  };
}
