import { getStep } from "../lib/catalog";
import type { EdgeCondition, WorkflowDefinition, WorkflowEdge, WorkflowNode } from "../lib/workflow/schema";

/**
 * A realistic, valid definition of `n` steps for the benchmarks: repeated "stacks" of 13 real catalog steps
 * (network → two subnets → database + web server (fan-in) → load balancer → deploy → wait → health check →
 * condition with true/false branches → notifications → DNS). Each stack hangs off the DNS step of a parent
 * stack (three children per parent), so the whole graph is a DAG with fan-out and fan-in, not a chain.
 * Configs are each step type's zod defaults plus what the stack sets (names, required URLs, references).
 */

/** One stack step: local id, type, display name, grid cell inside the stack, config overrides, parents. */
type Spec = {
  key: string;
  type: string;
  name: string;
  cell: readonly [number, number];
  config: Record<string, unknown>;
  after: ReadonlyArray<readonly [string, EdgeCondition?]>;
};

const COLUMN_WIDTH = 260;
const ROW_HEIGHT = 140;
const STACK_COLUMNS = 11;
const STACK_ROWS = 3;
const FAN_OUT = 3;

const ref = (id: string, output: string) => `\${{ steps.${id}.outputs.${output} }}`;

function stack(k: number, id: (key: string) => string, parentDns: string | null): Spec[] {
  const tags = { app: `shop-${k}`, team: k % 2 ? "web" : "platform" };
  const upstream = parentDns ? ([[parentDns]] as const) : [];
  return [
    { key: "net", type: "vpc", name: `Network ${k}`, cell: [0, 1], config: { name: `net-${k}`, tags }, after: upstream },
    ...(["a", "b"] as const).map((side, i): Spec => ({
      key: `subnet_${side}`,
      type: "subnet",
      name: `Subnet ${side.toUpperCase()} ${k}`,
      cell: [1, i * 2],
      config: { name: `subnet-${side}-${k}`, vpc: ref(id("net"), "vpcId"), cidr: `10.${k % 250}.${i + 1}.0/24`, public: i === 0, tags },
      after: [["net"]],
    })),
    {
      key: "db",
      type: "provision-instance",
      name: `Database ${k}`,
      cell: [2, 2],
      config: { name: `db-${k}`, size: "medium", image: "postgres:16", port: 5432, subnet: ref(id("subnet_b"), "subnetId"), tags },
      after: [["subnet_b"]],
    },
    {
      key: "web",
      type: "provision-instance",
      name: `Web server ${k}`,
      cell: [3, 1],
      config: {
        name: `web-${k}`,
        subnet: ref(id("subnet_a"), "subnetId"),
        env: { DATABASE_HOST: ref(id("db"), "privateIp"), PARENT_URL: parentDns ? ref(parentDns, "fqdn") : "" },
        tags,
      },
      after: [["subnet_a"], ["db"]],
    },
    {
      key: "lb",
      type: "load-balancer",
      name: `Load balancer ${k}`,
      cell: [4, 1],
      config: { name: `lb-${k}`, targets: ref(id("web"), "instanceId"), subnet: ref(id("subnet_a"), "subnetId"), public: true, tags },
      after: [["web"]],
    },
    { key: "deploy", type: "deploy-app", name: `Deploy ${k}`, cell: [5, 1], config: { target: ref(id("web"), "instanceId"), artifact: `shop:${k}.0` }, after: [["lb"]] },
    { key: "settle", type: "wait", name: `Let it settle ${k}`, cell: [6, 1], config: { seconds: 30 }, after: [["deploy"]] },
    { key: "check", type: "http-health-check", name: `Health check ${k}`, cell: [7, 1], config: { url: `${ref(id("lb"), "url")}/health` }, after: [["settle"]] },
    {
      key: "gate",
      type: "condition",
      name: `Healthy? ${k}`,
      cell: [8, 1],
      config: { expression: `steps.${id("check")}.outputs.healthy && steps.${id("check")}.outputs.latencyMs < 500` },
      after: [["check"]],
    },
    {
      key: "ok",
      type: "notify",
      name: `Announce ${k}`,
      cell: [9, 0],
      config: { message: `Deployed ${ref(id("deploy"), "artifact")} at ${ref(id("lb"), "url")} in ${ref(id("check"), "latencyMs")} ms` },
      after: [["gate", "true"]],
    },
    {
      key: "alert",
      type: "notify",
      name: `Alert ${k}`,
      cell: [9, 2],
      config: { channel: "webhook", webhookUrl: "https://hooks.example.com/stratus", severity: "error", message: `Stack ${k} unhealthy: HTTP ${ref(id("check"), "status")}` },
      after: [["gate", "false"]],
    },
    { key: "dns", type: "dns-record", name: `DNS ${k}`, cell: [10, 0], config: { name: `shop-${k}`, value: ref(id("lb"), "dnsName"), tags }, after: [["ok"], ["lb"]] },
  ];
}

/** Level (depth in the stack tree) and index within the level of stack k, for grid placement. */
function place(k: number): { level: number; index: number } {
  let level = 0;
  let first = 0;
  let width = 1;
  while (k >= first + width) {
    first += width;
    width *= FAN_OUT;
    level++;
  }
  return { level, index: k - first };
}

export function generateDefinition(n: number): WorkflowDefinition {
  const nodes: WorkflowNode[] = [];
  const edges: WorkflowEdge[] = [];
  for (let k = 0; nodes.length < n; k++) {
    const id = (key: string) => `s${k}_${key}`;
    const parentDns = k === 0 ? null : `s${Math.floor((k - 1) / FAN_OUT)}_dns`;
    const { level, index } = place(k);
    for (const spec of stack(k, id, parentDns)) {
      if (nodes.length >= n) break;
      const step = getStep(spec.type);
      if (!step) throw new Error(`unknown step type ${spec.type}`);
      const [column, row] = spec.cell;
      nodes.push({
        id: id(spec.key),
        type: spec.type,
        name: spec.name,
        position: { x: (level * (STACK_COLUMNS + 1) + column) * COLUMN_WIDTH, y: (index * STACK_ROWS + row) * ROW_HEIGHT },
        config: step.config.parse(spec.config),
        onError: spec.key === "alert" ? "continue" : "fail",
        ...(spec.key === "check" ? { retry: { maxAttempts: 3, backoff: "exponential" as const, delaySeconds: 5 } } : {}),
      });
      for (const [source, on = "success"] of spec.after) {
        edges.push({ source: source === parentDns ? source : id(source), target: id(spec.key), on });
      }
    }
  }
  return { nodes, edges, inputs: [], onFailure: "rollback" };
}
