import { z } from "zod";
import { defineStep } from "../define";
import { isCidr, portField, provisioning, reference, templatedString } from "./fields";

export const firewallRule = defineStep({
  type: "firewall-rule",
  title: "Firewall rule",
  description: "Allow or deny traffic to a network, subnet or instance by direction, protocol, ports and source. Recorded for policies: the local provider and the simulated clouds do not filter traffic by it.",
  category: "network",
  icon: "Shield",
  config: z
    .strictObject({
      ...provisioning("allow-https"),
      target: reference("Applies to", "${{ steps.network.outputs.vpcId }} or ${{ steps.web.outputs.instanceId }}"),
      direction: z.enum(["ingress", "egress"]).default("ingress").describe("Ingress filters incoming traffic, egress outgoing.").meta({ title: "Direction" }),
      action: z.enum(["allow", "deny"]).default("allow").describe("What happens to matching traffic.").meta({ title: "Action" }),
      protocol: z
        .enum(["tcp", "udp", "icmp", "all"])
        .default("tcp")
        .describe("Ports are ignored for icmp and all.")
        .meta({ title: "Protocol" }),
      fromPort: portField("From port", 443, "First port of the range."),
      toPort: portField("To port", 443, "Last port of the range; equal to From port for a single port."),
      sourceCidrs: z
        .array(templatedString(isCidr, "must be an IPv4 CIDR block such as 203.0.113.0/24", 200))
        .min(1, "add at least one source")
        .max(50)
        // Private by default: opening to 0.0.0.0/0 should be a deliberate choice that policies can flag.
        .default(["10.0.0.0/16"])
        .describe("Addresses the rule matches (the destinations for egress), e.g. ${{ inputs.ssh_cidr }}.")
        .meta({ title: "Source CIDRs" }),
    })
    .refine((c) => c.fromPort <= c.toPort, { path: ["toPort"], message: "must be at least From port" }),
  outputs: {
    ruleId: { type: "string", description: "Provider id of the rule." },
  },
  resource: { type: "network.firewall", action: "create" },
  compensable: true,
});
