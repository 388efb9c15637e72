import { z } from "zod";
import { defineStep } from "../define";
import { cidr, provisioning } from "./fields";

export const vpc = defineStep({
  type: "vpc",
  title: "Virtual network",
  description: "Create an isolated network (VPC / VNet) that subnets, instances and load balancers live in. Local and simulated networks check address ranges but route nothing.",
  category: "network",
  icon: "Network",
  config: z.strictObject({
    ...provisioning("main"),
    cidr: cidr("10.0.0.0/16", "Address range of the whole network; subnets are carved out of it."),
  }),
  outputs: {
    vpcId: { type: "string", description: "Provider id of the network." },
    cidr: { type: "string", description: "Address range of the network." },
  },
  resource: { type: "network.vpc", action: "create" },
  compensable: true,
});
