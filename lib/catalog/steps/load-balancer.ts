import { z } from "zod";
import { defineStep } from "../define";
import { portField, provisioning, reference } from "./fields";

export const loadBalancer = defineStep({
  type: "load-balancer",
  title: "Load balancer",
  description: "Spread HTTP traffic over an instance group and take unhealthy instances out. Local: a real reverse proxy on 127.0.0.1; simulated clouds keep its settings.",
  category: "network",
  icon: "Scale",
  config: z.strictObject({
    ...provisioning("web-lb"),
    targets: reference("Targets", "${{ steps.app_servers.outputs.groupId }}"),
    subnet: reference("Subnet", "${{ steps.public_subnet.outputs.subnetId }}. Empty uses the provider's default network."),
    listenerPort: portField("Listener port", 80, "Port clients connect to. The local provider uses a free port if this one is taken (or needs privileges); url says which."),
    targetPort: portField("Target port", 8080, "Port the targets' app listens on. The local provider sends to each instance's own port (its url) instead."),
    healthCheckPath: z
      .string()
      .trim()
      .regex(/^\/\S*$/, "must start with /")
      .max(500)
      .default("/health")
      .describe("Path probed on every target; a target answering 2xx gets traffic.")
      .meta({ title: "Health check path" }),
    healthCheckIntervalSeconds: z
      .number()
      .int()
      .min(1)
      .max(300)
      .default(10)
      .describe("Seconds between probes of each target. The local provider probes at least every 2 s whatever this says.")
      .meta({ title: "Health check interval (s)" }),
    public: z
      .boolean()
      .default(false)
      .describe("Reachable from the internet rather than only inside the network. Policies may forbid it. The local proxy listens on 127.0.0.1 either way.")
      .meta({ title: "Public" }),
  }),
  outputs: {
    loadBalancerId: { type: "string", description: "Provider id of the load balancer." },
    url: { type: "string", description: "http:// URL clients use." },
    dnsName: { type: "string", description: "Host name of the load balancer, for DNS records." },
  },
  resource: { type: "network.loadBalancer", action: "create" },
  compensable: true,
});
