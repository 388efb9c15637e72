import "server-only";
import { z } from "zod";
import { ProviderError } from "../types";
import { addMember, membersOf, reconcile, removeMember } from "./groups";
import { instanceHandler } from "./instances";
import { type Handler, type Runtime, markLost, parseSpec, touch } from "./runtime";
import type { LocalRecord } from "./store";

// A deployment rolls an artifact (an image: sample-web:<tag>, or a stand-in name) onto an instance or a
// group and is kept as a record of what was deployed over what. Deleting it changes nothing: undoing a
// deployment is deploying the previous artifact.

const deploymentSpecSchema = z.object({
  target: z.string().trim().min(1, "names the instance or group to deploy to"),
  artifact: z.string().trim().min(1).max(500).default("sample-web"),
  strategy: z.enum(["rolling", "all-at-once"]).default("rolling"),
  batchSize: z.number().int().min(1).max(100).default(1),
});
type DeploymentSpec = z.infer<typeof deploymentSpecSchema>;

function imageOf(record: LocalRecord): string {
  return typeof record.spec.image === "string" ? record.spec.image : "sample-web";
}

/** New members come up before old ones go (rolling) or everything is replaced at once; returns how many run the artifact. */
async function deployToGroup(rt: Runtime, group: LocalRecord, spec: DeploymentSpec, signal?: AbortSignal): Promise<number> {
  const previous = imageOf(group);
  const setImage = (image: string) => {
    group.spec = { ...group.spec, image };
    group.attributes = { ...group.attributes, image };
  };
  setImage(spec.artifact);
  const old = membersOf(rt, group.externalId);
  let updated = 0;
  try {
    if (spec.strategy === "all-at-once") {
      for (const member of old) await removeMember(rt, member);
      await reconcile(rt, group, signal);
      return membersOf(rt, group.externalId).length;
    }
    for (let i = 0; i < old.length; i += spec.batchSize) {
      const batch = old.slice(i, i + spec.batchSize);
      for (let n = 0; n < batch.length; n++) {
        await addMember(rt, group, { image: spec.artifact }, signal);
        updated += 1;
      }
      for (const member of batch) await removeMember(rt, member);
      await rt.store.save();
    }
    return updated;
  } catch (error) {
    // Stop at the first member that does not come up; the supervisor keeps the rest on the old artifact.
    setImage(previous);
    await rt.store.save();
    const detail = error instanceof Error ? error.message : String(error);
    throw new ProviderError(error instanceof ProviderError ? error.code : "UNAVAILABLE", `local: deploying ${spec.artifact} to group ${group.name} stopped after ${updated} instance(s): ${detail}`, { cause: error });
  }
}

export const deploymentHandler: Handler = {
  prefix: "dep",
  check(rt, spec) {
    const parsed = parseSpec(deploymentSpecSchema, spec, "app.deployment");
    const target = rt.store.state.resources[parsed.target];
    if (target?.type !== "compute.group" && target?.type !== "compute.instance") {
      throw new ProviderError("INVALID_SPEC", `local app.deployment: target ${parsed.target} is not a local instance or group.`);
    }
    if (target.status === "failed") throw new ProviderError("CONFLICT", `local app.deployment: target ${target.name} (${target.externalId}) has failed; recreate it first.`);
  },
  async create(rt, record, signal) {
    const spec = parseSpec(deploymentSpecSchema, record.spec, "app.deployment");
    const target = rt.store.state.resources[spec.target];
    if (!target) throw new ProviderError("NOT_FOUND", `local app.deployment: target ${spec.target} is gone.`);
    const previousArtifact = imageOf(target);
    record.attributes = { deploymentId: record.externalId, target: target.externalId, targetType: target.type, artifact: spec.artifact, previousArtifact, strategy: spec.strategy, batchSize: spec.batchSize, updatedInstances: 0 };
    // The target's own lock keeps its supervisor (and other changes) out while processes are replaced.
    const updated = await rt.store.withLock(target.externalId, async () => {
      if (target.type === "compute.group") return deployToGroup(rt, target, spec, signal);
      await instanceHandler.update?.(rt, target, { image: spec.artifact }, signal);
      touch(rt, target);
      return 1;
    });
    record.attributes.updatedInstances = updated;
  },
  async delete() {},
  metrics(_rt, record) {
    return Promise.resolve({ updatedInstances: typeof record.attributes.updatedInstances === "number" ? record.attributes.updatedInstances : 0 });
  },
  async adopt(rt, record) {
    if (record.status === "creating") markLost(rt, record, "the deployment was interrupted by a restart; the target may run a mix of artifacts");
    await Promise.resolve();
  },
};
