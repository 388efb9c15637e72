import type { ResourceType } from "@/lib/catalog/define";
import type { SIZES } from "@/lib/catalog/steps/fields";

/**
 * What makes each simulated cloud look like its real counterpart: regions, machine types, prices, quotas,
 * id prefixes and host names. One driver implementation reads a profile; nothing else differs.
 * Prices are rounded on-demand Linux list prices (USD/hour) of the real machine types.
 */

export type SimProviderId = "aws-sim" | "azure-sim" | "gcp-sim";
export const SIM_PROVIDER_IDS = ["aws-sim", "azure-sim", "gcp-sim"] as const satisfies readonly SimProviderId[];

export type Size = (typeof SIZES)[number];
export type MachineType = { name: string; vcpus: number; memoryGiB: number; pricePerHour: number };

export type Region = {
  id: string;
  /** Where it is, for people reading a region list. */
  location: string;
  /** Regional price multiplier over the profile's list prices (Europe and Asia cost more). */
  priceFactor: number;
  /** Zone names placed on instances, like the provider spells them. */
  zones: readonly string[];
};

/** Per-region limits; a create or scale-up that would pass one is refused with QUOTA_EXCEEDED. */
export type Quotas = { vcpus: number; instances: number; buckets: number; networks: number; loadBalancers: number };

export type SimProfile = {
  id: SimProviderId;
  label: string;
  regions: readonly Region[];
  machineTypes: Record<Size, MachineType>;
  quotas: Quotas;
  /** Prefix of the external id per type; buckets are named after the bucket instead. */
  idPrefix: Record<ResourceType, string>;
  bucketUrl: (bucketId: string) => string;
  /** Host name of a load balancer. */
  lbHost: (name: string, suffix: string, region: string) => string;
  /** Fixed hourly price of a load balancer before the regional factor. */
  lbPricePerHour: number;
  /** How the provider names a transient server-side failure, for fault messages. */
  unavailableCode: string;
  /** Public addresses come from a documentation range (RFC 5737) so nothing real is ever addressed. */
  publicCidr: string;
};

const zones = (region: string, style: "letter" | "dash-letter" | "number") =>
  ["a", "b", "c"].map((z, i) => (style === "letter" ? `${region}${z}` : style === "dash-letter" ? `${region}-${z}` : String(i + 1)));

const aws: SimProfile = {
  id: "aws-sim",
  label: "AWS (simulated)",
  regions: [
    { id: "us-east-1", location: "N. Virginia", priceFactor: 1, zones: zones("us-east-1", "letter") },
    { id: "us-west-2", location: "Oregon", priceFactor: 1, zones: zones("us-west-2", "letter") },
    { id: "eu-west-1", location: "Ireland", priceFactor: 1.1, zones: zones("eu-west-1", "letter") },
    { id: "eu-central-1", location: "Frankfurt", priceFactor: 1.15, zones: zones("eu-central-1", "letter") },
    { id: "ap-southeast-1", location: "Singapore", priceFactor: 1.25, zones: zones("ap-southeast-1", "letter") },
  ],
  machineTypes: {
    small: { name: "t3.small", vcpus: 2, memoryGiB: 2, pricePerHour: 0.0208 },
    medium: { name: "t3.medium", vcpus: 2, memoryGiB: 4, pricePerHour: 0.0416 },
    large: { name: "m5.xlarge", vcpus: 4, memoryGiB: 16, pricePerHour: 0.192 },
    xlarge: { name: "m5.2xlarge", vcpus: 8, memoryGiB: 32, pricePerHour: 0.384 },
  },
  quotas: { vcpus: 32, instances: 20, buckets: 100, networks: 5, loadBalancers: 20 },
  idPrefix: {
    "compute.instance": "i-",
    "compute.group": "asg-",
    "storage.bucket": "",
    "network.vpc": "vpc-",
    "network.subnet": "subnet-",
    "network.firewall": "sgr-",
    "network.loadBalancer": "elb-",
    "dns.record": "rrset-",
    "app.deployment": "d-",
  },
  bucketUrl: (id) => `s3://${id}`,
  lbHost: (name, suffix, region) => `${name}-${suffix}.${region}.elb.aws-sim.internal`,
  lbPricePerHour: 0.0225,
  unavailableCode: "ServiceUnavailable",
  publicCidr: "198.51.100.0/24",
};

const azure: SimProfile = {
  id: "azure-sim",
  label: "Azure (simulated)",
  regions: [
    { id: "eastus", location: "Virginia", priceFactor: 1, zones: zones("eastus", "number") },
    { id: "westus2", location: "Washington", priceFactor: 1, zones: zones("westus2", "number") },
    { id: "westeurope", location: "Netherlands", priceFactor: 1.1, zones: zones("westeurope", "number") },
    { id: "northeurope", location: "Ireland", priceFactor: 1.08, zones: zones("northeurope", "number") },
    { id: "southeastasia", location: "Singapore", priceFactor: 1.2, zones: zones("southeastasia", "number") },
  ],
  machineTypes: {
    small: { name: "Standard_B2s", vcpus: 2, memoryGiB: 4, pricePerHour: 0.0416 },
    medium: { name: "Standard_D2s_v5", vcpus: 2, memoryGiB: 8, pricePerHour: 0.096 },
    large: { name: "Standard_D4s_v5", vcpus: 4, memoryGiB: 16, pricePerHour: 0.192 },
    xlarge: { name: "Standard_D8s_v5", vcpus: 8, memoryGiB: 32, pricePerHour: 0.384 },
  },
  quotas: { vcpus: 20, instances: 25, buckets: 250, networks: 50, loadBalancers: 20 },
  idPrefix: {
    "compute.instance": "vm-",
    "compute.group": "vmss-",
    "storage.bucket": "",
    "network.vpc": "vnet-",
    "network.subnet": "snet-",
    "network.firewall": "nsgr-",
    "network.loadBalancer": "lb-",
    "dns.record": "dnsrec-",
    "app.deployment": "deploy-",
  },
  bucketUrl: (id) => `https://${id.replaceAll("-", "").slice(0, 24)}.blob.azure-sim.internal/${id}`,
  lbHost: (name, suffix, region) => `${name}-${suffix}.${region}.cloudapp.azure-sim.internal`,
  lbPricePerHour: 0.025,
  unavailableCode: "ServerBusy (503)",
  publicCidr: "203.0.113.0/24",
};

const gcp: SimProfile = {
  id: "gcp-sim",
  label: "Google Cloud (simulated)",
  regions: [
    { id: "us-central1", location: "Iowa", priceFactor: 1, zones: zones("us-central1", "dash-letter") },
    { id: "us-east1", location: "South Carolina", priceFactor: 1, zones: zones("us-east1", "dash-letter") },
    { id: "europe-west1", location: "Belgium", priceFactor: 1.1, zones: zones("europe-west1", "dash-letter") },
    { id: "europe-west4", location: "Netherlands", priceFactor: 1.1, zones: zones("europe-west4", "dash-letter") },
    { id: "asia-southeast1", location: "Singapore", priceFactor: 1.23, zones: zones("asia-southeast1", "dash-letter") },
  ],
  machineTypes: {
    small: { name: "e2-small", vcpus: 2, memoryGiB: 2, pricePerHour: 0.0168 },
    medium: { name: "e2-medium", vcpus: 2, memoryGiB: 4, pricePerHour: 0.0335 },
    large: { name: "e2-standard-4", vcpus: 4, memoryGiB: 16, pricePerHour: 0.134 },
    xlarge: { name: "e2-standard-8", vcpus: 8, memoryGiB: 32, pricePerHour: 0.268 },
  },
  quotas: { vcpus: 24, instances: 24, buckets: 100, networks: 15, loadBalancers: 15 },
  idPrefix: {
    "compute.instance": "gce-",
    "compute.group": "mig-",
    "storage.bucket": "",
    "network.vpc": "net-",
    "network.subnet": "subnet-",
    "network.firewall": "fw-",
    "network.loadBalancer": "fr-",
    "dns.record": "rrset-",
    "app.deployment": "rollout-",
  },
  bucketUrl: (id) => `gs://${id}`,
  lbHost: (name, suffix, region) => `${name}-${suffix}.${region}.lb.gcp-sim.internal`,
  lbPricePerHour: 0.025,
  unavailableCode: "503 backendError",
  publicCidr: "192.0.2.0/24",
};

export const SIM_PROFILES: Record<SimProviderId, SimProfile> = { "aws-sim": aws, "azure-sim": azure, "gcp-sim": gcp };

export function findRegion(profile: SimProfile, region: string): Region | undefined {
  return profile.regions.find((r) => r.id === region);
}
