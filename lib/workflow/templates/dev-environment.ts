import type { WorkflowTemplate } from "./types";
import { edge, step } from "./build";

const tags = { owner: "${{ inputs.developer }}", "ttl-hours": "${{ inputs.ttl_hours }}", purpose: "dev" };

export const devEnvironment: WorkflowTemplate = {
  id: "dev-environment",
  name: "Developer environment",
  description:
    "A workstation and a scratch bucket for one developer, with a firewall rule allowing SSH only from their network, every resource tagged with its owner and lifetime (ttl-hours) so it can be found and removed. Nothing deletes it automatically; roll the run back to remove it.",
  definition: {
    inputs: [
      { name: "developer", type: "string", label: "Developer", description: "Lower-case user name; used in resource names.", required: true },
      { name: "ttl_hours", type: "number", label: "Lifetime (hours)", description: "Recorded as the ttl-hours tag on every resource, for whoever cleans up; nothing deletes them automatically.", required: true, default: 8 },
      { name: "ssh_cidr", type: "string", label: "SSH from", description: "Network allowed to SSH in, e.g. 203.0.113.0/24.", required: true },
    ],
    nodes: [
      step("workstation", "provision-instance", "Workstation", [0, 0], {
        name: "dev-${{ inputs.developer }}",
        size: "medium",
        image: "sample-web",
        assignPublicIp: true,
        tags,
      }),
      step("scratch_bucket", "bucket", "Scratch bucket", [0, 1], { name: "dev-${{ inputs.developer }}-scratch", retentionDays: 14, tags }),
      step("ssh_access", "firewall-rule", "Allow SSH", [1, 0], {
        name: "ssh-${{ inputs.developer }}",
        target: "${{ steps.workstation.outputs.instanceId }}",
        direction: "ingress",
        protocol: "tcp",
        fromPort: 22,
        toPort: 22,
        sourceCidrs: ["${{ inputs.ssh_cidr }}"],
        tags,
      }),
      step("ready", "notify", "Tell the developer", [2, 0], {
        channel: "log",
        message:
          "Dev environment for ${{ inputs.developer }} is ready: workstation ${{ steps.workstation.outputs.instanceId }} at ${{ steps.workstation.outputs.url }} " +
          '(public address: ${{ steps.workstation.outputs.publicIp != "" ? steps.workstation.outputs.publicIp : "none on this provider" }}), SSH allowed from ${{ inputs.ssh_cidr }}, ' +
          "bucket ${{ steps.scratch_bucket.outputs.url }}. Its resources are tagged ttl-hours=${{ inputs.ttl_hours }}.",
      }),
    ],
    edges: [edge("workstation", "ssh_access"), edge("ssh_access", "ready"), edge("scratch_bucket", "ready")],
    onFailure: "rollback",
  },
};
