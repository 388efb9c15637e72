import { z } from "zod";
import { defineStep } from "../define";
import { imageField, portField, provisioning, reference, sizeField, stringMap } from "./fields";

export const provisionInstance = defineStep({
  type: "provision-instance",
  title: "Provision instance",
  description: "Create one virtual machine running an image. On the local provider it is a real process on its own port; simulated clouds run nothing.",
  category: "compute",
  icon: "Server",
  config: z.strictObject({
    ...provisioning("web"),
    size: sizeField,
    image: imageField,
    command: z
      .string()
      .max(2000)
      .default("")
      .describe("Run this command instead of the image's default entry point; leave empty to use the image. The local provider runs it with /bin/sh and waits for it to listen on $PORT.")
      .meta({ title: "Command" }),
    port: portField("App port", 8080, "Port the app listens on. The local provider gives the app a free host port in $PORT instead (see url) and only records this one."),
    subnet: reference("Subnet", "${{ steps.app_subnet.outputs.subnetId }}. Empty uses the provider's default network."),
    env: stringMap("Environment", "Variables for the app, e.g. DATABASE_HOST=${{ steps.database.outputs.privateIp }}."),
    assignPublicIp: z
      .boolean()
      .default(false)
      .describe("Give the instance an address reachable from the internet. Policies may forbid public exposure. Recorded only on the local provider: its processes listen on 127.0.0.1.")
      .meta({ title: "Public IP" }),
  }),
  outputs: {
    instanceId: { type: "string", description: "Provider id of the instance." },
    privateIp: { type: "string", description: "Address inside its network." },
    publicIp: { type: "string", description: "Public address, empty unless Public IP is on (always empty on the local provider)." },
    url: { type: "string", description: "http:// URL of the app on this instance." },
  },
  resource: { type: "compute.instance", action: "create" },
  compensable: true,
});
