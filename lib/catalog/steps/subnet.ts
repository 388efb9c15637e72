import { z } from "zod";
import { defineStep } from "../define";
import { cidr, provisioning, reference } from "./fields";

export const subnet = defineStep({
  type: "subnet",
  title: "Subnet",
  description: "Create a subnet inside a virtual network; public subnets route to the internet.",
  category: "network",
  icon: "Split",
  config: z.strictObject({
    ...provisioning("app"),
    vpc: reference("Network", "${{ steps.network.outputs.vpcId }}"),
    cidr: cidr("10.0.1.0/24", "Address range of the subnet; must lie inside the network's range."),
    public: z
      .boolean()
      .default(false)
      .describe("Route the subnet to the internet. Instances in it can then get public addresses.")
      .meta({ title: "Public" }),
  }),
  outputs: {
    subnetId: { type: "string", description: "Provider id of the subnet." },
    cidr: { type: "string", description: "Address range of the subnet." },
  },
  resource: { type: "network.subnet", action: "create" },
  compensable: true,
});
