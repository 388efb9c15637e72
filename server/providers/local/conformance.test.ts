import { vi } from "vitest";
import { runConformance } from "../conformance";
import { createLocalDriver } from "./driver";
import { killRecordedProcesses, makeDataDir, removeDataDir } from "./test-support";

// Real processes start in a few hundred milliseconds, but a busy CI machine can take seconds.
vi.setConfig({ testTimeout: 20_000, hookTimeout: 20_000 });

// Subnets, DNS records and deployments are left out: the catalog's default specs leave their required
// reference (vpc, value, target) empty, which the local provider refuses. local.test.ts covers them.
runConformance(
  "local",
  () => {
    const dataDir = makeDataDir("conformance");
    const driver = createLocalDriver({ dataDir, now: () => new Date() });
    return Promise.resolve({
      driver,
      cleanup: () => {
        killRecordedProcesses(dataDir);
        removeDataDir(dataDir);
        return Promise.resolve();
      },
    });
  },
  { types: ["compute.instance", "compute.group", "storage.bucket", "network.vpc", "network.firewall", "network.loadBalancer"] },
);
