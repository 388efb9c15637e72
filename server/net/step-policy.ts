import "server-only";
import { isLocalProviderEndpoint } from "../providers/local";
import { db } from "../db";
import { loadAllowRules } from "./allow-list";
import type { EgressPolicy } from "./egress";

/** What steps' outbound requests are held to: the admin allow-list (read fresh) and the local provider's endpoints. */
export async function stepEgressPolicy(): Promise<EgressPolicy> {
  return { allowList: await loadAllowRules(db()), isLocalEndpoint: isLocalProviderEndpoint };
}
