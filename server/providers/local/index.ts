import "server-only";
import { defineProvider } from "../types";
import { createLocalDriver } from "./driver";

/**
 * The `local` provider: real effects on this host. Instances are OS processes on their own ports, groups
 * are supervised sets of them, load balancers are HTTP reverse proxies, buckets are folders; networks and
 * DNS records are validated records. State lives in `<dataDir>/local-provider/state.json`.
 *
 * @example const driver = localProvider({ db, dataDir: env().dataDir, now: () => new Date() });
 */
export const localProvider = defineProvider(createLocalDriver);
export { isLocalProviderEndpoint } from "./endpoints";
