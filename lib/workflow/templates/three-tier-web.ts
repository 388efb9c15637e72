import type { WorkflowTemplate } from "./types";
import { edge, step } from "./build";

const tags = { app: "three-tier-web" };

export const threeTierWeb: WorkflowTemplate = {
  id: "three-tier-web",
  name: "Three-tier web app",
  description: "A network with public and private subnets, a database, an app server group behind a load balancer, and a final health check. Runs on this host with the local provider.",
  definition: {
    inputs: [
      { name: "app_image", type: "string", label: "App image", description: "What the app servers run.", required: true, default: "sample-web" },
      { name: "instance_count", type: "number", label: "App servers", description: "How many app servers to start (1-10).", required: true, default: 2 },
    ],
    nodes: [
      step("network", "vpc", "Network", [0, 1], { name: "three-tier", cidr: "10.0.0.0/16", tags }),
      step("public_subnet", "subnet", "Public subnet", [1, 0], { name: "public", vpc: "${{ steps.network.outputs.vpcId }}", cidr: "10.0.1.0/24", public: true, tags }),
      step("private_subnet", "subnet", "Private subnet", [1, 2], { name: "private", vpc: "${{ steps.network.outputs.vpcId }}", cidr: "10.0.2.0/24", tags }),
      step("database", "provision-instance", "Database", [2, 2], {
        name: "db",
        size: "medium",
        image: "postgres:16",
        port: 5432,
        subnet: "${{ steps.private_subnet.outputs.subnetId }}",
        tags: { ...tags, tier: "data" },
      }),
      step("app_servers", "instance-group", "App servers", [3, 1], {
        name: "app",
        image: "${{ inputs.app_image }}",
        port: 8080,
        subnet: "${{ steps.private_subnet.outputs.subnetId }}",
        env: { DATABASE_HOST: "${{ steps.database.outputs.privateIp }}", DATABASE_PORT: "5432" },
        min: 1,
        desired: "${{ inputs.instance_count }}",
        max: 10,
        tags: { ...tags, tier: "app" },
      }),
      step("web_lb", "load-balancer", "Load balancer", [4, 1], {
        name: "web",
        targets: "${{ steps.app_servers.outputs.groupId }}",
        subnet: "${{ steps.public_subnet.outputs.subnetId }}",
        listenerPort: 80,
        targetPort: 8080,
        healthCheckPath: "/health",
        public: true,
        tags: { ...tags, tier: "web" },
      }),
      step("smoke_test", "http-health-check", "Smoke test", [5, 1], { url: "${{ steps.web_lb.outputs.url }}/health", retries: 10, intervalSeconds: 5 }),
    ],
    edges: [
      edge("network", "public_subnet"),
      edge("network", "private_subnet"),
      edge("private_subnet", "database"),
      edge("private_subnet", "app_servers"),
      edge("database", "app_servers"),
      edge("public_subnet", "web_lb"),
      edge("app_servers", "web_lb"),
      edge("web_lb", "smoke_test"),
    ],
    // A half-built stack is worse than none: undo what was created.
    onFailure: "rollback",
  },
};
