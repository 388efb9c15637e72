import { z } from "zod";
import { defineStep } from "../define";
import { cidr, provisioning, reference } from "./fields";

export const subnet = defineStep({
  type: "subnet",
  title: "Subnet",
  description: "Create a subnet inside a virtual network. Local and simulated subnets check address ranges; simulated instances get addresses from it.",
  category: "network",
  icon: "Split",
  config: z.strictObject({
    ...provisioning("app"),
    vpc: reference("Network", "${{ steps.network.outputs.vpcId }}"),
    cidr: cidr("10.0.1.0/24", "Address range of the subnet; must lie inside the network's range."),
    public: z
      .boolean()
      .default(false)
      .describe("Marks the subnet as routed to the internet, for policies (public exposure). Recorded only: the local provider and the simulated clouds route nothing, and give public addresses in any subnet.")
      .meta({ title: "Public" }),
  }),
  outputs: {
    subnetId: { type: "string", description: "Provider id of the subnet." },
    cidr: { type: "string", description: "Address range of the subnet." },
  },
  resource: { type: "network.subnet", action: "create" },
  compensable: true,
});
