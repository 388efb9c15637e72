import type { WorkflowTemplate } from "./types";
import { edge, step } from "./build";

const tags = { owner: "${{ inputs.developer }}", "ttl-hours": "${{ inputs.ttl_hours }}", purpose: "dev" };

export const devEnvironment: WorkflowTemplate = {
  id: "dev-environment",
  name: "Developer environment",
  description: "A workstation and a scratch bucket for one developer, SSH allowed only from their network, tagged with an expiry for clean-up policies.",
  definition: {
    inputs: [
      { name: "developer", type: "string", label: "Developer", description: "Lower-case user name; used in resource names.", required: true },
      { name: "ttl_hours", type: "number", label: "Lifetime (hours)", description: "Recorded as a tag; clean-up policies delete the environment after it.", required: true, default: 8 },
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
          "Dev environment for ${{ inputs.developer }} is ready: ssh to ${{ steps.workstation.outputs.publicIp }}, app at ${{ steps.workstation.outputs.url }}, " +
          "bucket ${{ steps.scratch_bucket.outputs.url }}. It expires in ${{ inputs.ttl_hours }} hours.",
      }),
    ],
    edges: [edge("workstation", "ssh_access"), edge("ssh_access", "ready"), edge("scratch_bucket", "ready")],
    onFailure: "rollback",
  },
};
