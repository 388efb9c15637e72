import "server-only";
import { type Dirent, existsSync } from "node:fs";
import { mkdir, readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { z } from "zod";
import { type Handler, type Runtime, markLost, parseSpec } from "./runtime";
import type { LocalRecord } from "./store";

const bucketSpecSchema = z.object({
  versioning: z.boolean().default(false),
  retentionDays: z.number().int().min(0).max(3650).default(0),
  publicAccess: z.boolean().default(false),
});

/** One folder per bucket, named by id so two runs asking for the same name never share (or delete) data. */
export function bucketDir(rt: Runtime, record: LocalRecord): string {
  return path.join(rt.root, "buckets", `${record.name}-${record.externalId}`);
}

async function usage(dir: string): Promise<{ objects: number; sizeBytes: number }> {
  let objects = 0;
  let sizeBytes = 0;
  const walk = async (folder: string) => {
    let entries: Dirent[];
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) {
        objects += 1;
        sizeBytes += (await stat(full)).size;
      }
    }
  };
  await walk(dir);
  return { objects, sizeBytes };
}

export const bucketHandler: Handler = {
  prefix: "bkt",
  check(_rt, spec) {
    parseSpec(bucketSpecSchema, spec, "storage.bucket");
  },
  async create(rt, record) {
    const spec = parseSpec(bucketSpecSchema, record.spec, "storage.bucket");
    const dir = bucketDir(rt, record);
    await mkdir(dir, { recursive: true });
    // Retention is enforced (retention.ts sweeps the folder hourly). Versioning and public access are only
    // recorded, for policies: a folder keeps no versions, and nothing serves it to anyone.
    record.attributes = {
      path: dir,
      url: pathToFileURL(dir).href,
      versioning: spec.versioning,
      retentionDays: spec.retentionDays,
      publicAccess: spec.publicAccess,
      notEnforced: ["versioning", "publicAccess"],
    };
  },
  async delete(rt, record) {
    await rm(bucketDir(rt, record), { recursive: true, force: true });
  },
  async refresh(rt, record) {
    if (record.status === "ready" && !existsSync(bucketDir(rt, record))) {
      markLost(rt, record, `folder ${bucketDir(rt, record)} is gone`);
      await rt.store.save();
    }
  },
  async adopt(rt, record) {
    if (existsSync(bucketDir(rt, record))) {
      if (record.status === "creating") record.status = "ready";
    } else if (record.status !== "failed") {
      markLost(rt, record, `folder ${bucketDir(rt, record)} is gone`);
    }
    await Promise.resolve();
  },
  async metrics(rt, record) {
    return usage(bucketDir(rt, record));
  },
};
