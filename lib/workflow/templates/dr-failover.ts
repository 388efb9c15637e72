import type { WorkflowTemplate } from "./types";
import { edge, step } from "./build";

const standby = { provider: "aws-sim", region: "us-west-2" } as const;

export const drFailover: WorkflowTemplate = {
  id: "dr-failover",
  name: "Disaster-recovery failover",
  description:
    "Probe the primary site; if it refuses connections, times out or answers with an error, bring up the app in a second region (simulated AWS us-west-2), put a load balancer in front and repoint DNS to it. A healthy primary changes nothing.",
  definition: {
    inputs: [
      { name: "primary_url", type: "string", label: "Primary health URL", description: "e.g. https://app.example.com/health. Private and loopback addresses need an admin's entry under Admin › Network.", required: true },
      { name: "app_image", type: "string", label: "App image", required: true, default: "sample-web" },
      { name: "instance_count", type: "number", label: "Standby instances", description: "How many instances serve from the second region (1-20).", required: true, default: 2 },
    ],
    nodes: [
      // A failing check is the case this workflow exists for: the failure is accepted (onError: continue),
      // and the check still reports healthy/status/error for the condition after it.
      step("check_primary", "http-health-check", "Check primary", [0, 1], { url: "${{ inputs.primary_url }}", retries: 3, intervalSeconds: 10, timeoutSeconds: 5 }, { onError: "continue" }),
      step("primary_healthy", "condition", "Primary healthy?", [1, 1], { expression: "steps.check_primary.outputs.healthy == true" }),
      step("all_good", "notify", "Primary is fine", [2, 0], { channel: "log", message: "Primary answered in ${{ steps.check_primary.outputs.latencyMs }} ms; no failover." }),
      step("standby_servers", "instance-group", "Standby servers", [2, 2], {
        ...standby,
        name: "app-dr",
        image: "${{ inputs.app_image }}",
        min: 1,
        desired: "${{ inputs.instance_count }}",
        max: 20,
        tags: { role: "dr" },
      }),
      step("standby_lb", "load-balancer", "Standby load balancer", [3, 2], {
        ...standby,
        name: "app-dr",
        targets: "${{ steps.standby_servers.outputs.groupId }}",
        public: true,
        tags: { role: "dr" },
      }),
      step("repoint_dns", "dns-record", "Repoint DNS", [4, 2], {
        ...standby,
        name: "app",
        zone: "example.com",
        recordType: "CNAME",
        value: "${{ steps.standby_lb.outputs.dnsName }}",
        ttlSeconds: 60,
      }),
      step("failed_over", "notify", "Announce failover", [5, 2], {
        channel: "log",
        severity: "warning",
        message:
          "Primary was down (${{ steps.check_primary.outputs.error }}). ${{ steps.repoint_dns.outputs.fqdn }} now points to us-west-2 (${{ steps.standby_lb.outputs.url }}).",
      }),
    ],
    edges: [
      edge("check_primary", "primary_healthy", "always"),
      edge("primary_healthy", "all_good", "true"),
      edge("primary_healthy", "standby_servers", "false"),
      edge("standby_servers", "standby_lb"),
      edge("standby_lb", "repoint_dns"),
      edge("repoint_dns", "failed_over"),
    ],
    // Keep whatever came up in the second region: a partial failover is still better than tearing it down.
    onFailure: "stop",
  },
};
