import type { WorkflowTemplate } from "./types";
import { edge, step } from "./build";

export const blueGreenDeploy: WorkflowTemplate = {
  id: "blue-green-deploy",
  name: "Blue/green deploy",
  description:
    "Start a new (green) group beside the live (blue) one, check it through a private preview load balancer, ask for approval, switch production traffic, then delete blue and the preview. If green is unhealthy or the switch is rejected, green is torn down, production stays on blue, and the run ends rolled back.",
  definition: {
    inputs: [
      { name: "app_image", type: "string", label: "New image", description: "The version to roll out (on the local provider sample-web:<tag>; sample-web:unhealthy fails its health check).", required: true },
      { name: "load_balancer_id", type: "string", label: "Production load balancer", description: "Id of the load balancer serving blue today (Resources lists it).", required: true },
      { name: "instance_count", type: "number", label: "Instances", description: "Size of the green group (1-20).", required: true, default: 2 },
    ],
    nodes: [
      step("green", "instance-group", "Green group", [0, 0], { name: "app-green", min: 1, desired: "${{ inputs.instance_count }}", max: 20, tags: { color: "green" } }),
      step("deploy_green", "deploy-app", "Deploy to green", [1, 0], {
        target: "${{ steps.green.outputs.groupId }}",
        artifact: "${{ inputs.app_image }}",
        // Green takes no traffic yet, so replacing everything at once costs nothing.
        strategy: "all-at-once",
      }),
      step("preview_lb", "load-balancer", "Preview endpoint", [2, 0], { name: "app-preview", targets: "${{ steps.green.outputs.groupId }}", public: false, tags: { color: "green" } }),
      step("check_green", "http-health-check", "Check green", [3, 0], { url: "${{ steps.preview_lb.outputs.url }}/health", retries: 6, intervalSeconds: 10 }),
      // A switch nobody decides on within a day is abandoned (and green rolled back) rather than left waiting.
      step(
        "approve",
        "manual-approval",
        "Approve switch",
        [4, 0],
        {
          approverRole: "operator",
          message: "Green runs ${{ inputs.app_image }} and is healthy (${{ steps.check_green.outputs.latencyMs }} ms at ${{ steps.preview_lb.outputs.url }}). Switch production traffic to it?",
        },
        { timeoutSeconds: 86_400 },
      ),
      step("switch_traffic", "update-load-balancer", "Switch traffic", [5, 0], {
        loadBalancer: "${{ inputs.load_balancer_id }}",
        targets: "${{ steps.green.outputs.groupId }}",
        drainSeconds: 30,
      }),
      // Deletes what the load balancer actually served before the switch, not a separately typed id.
      step("delete_blue", "delete-resource", "Delete blue", [6, 0], { resourceType: "compute.group", resource: "${{ steps.switch_traffic.outputs.previousTargets }}" }),
      step("delete_preview", "delete-resource", "Delete preview endpoint", [6, 1], { resourceType: "network.loadBalancer", resource: "${{ steps.preview_lb.outputs.loadBalancerId }}" }),
      step("green_unhealthy", "notify", "Report failed check", [4, 1], {
        channel: "log",
        severity: "error",
        message: "Green (${{ inputs.app_image }}) failed its health check (${{ steps.check_green.outputs.error }}); production still runs blue, and green is rolled back now.",
      }),
    ],
    edges: [
      edge("green", "deploy_green"),
      edge("deploy_green", "preview_lb"),
      edge("preview_lb", "check_green"),
      edge("check_green", "approve"),
      // The failure is reported, not accepted: the run still fails, so the rollback below removes green.
      edge("check_green", "green_unhealthy", "failure"),
      edge("approve", "switch_traffic"),
      edge("switch_traffic", "delete_blue"),
      edge("switch_traffic", "delete_preview"),
    ],
    onFailure: "rollback",
  },
};
