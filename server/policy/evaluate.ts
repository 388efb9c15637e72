import "server-only";
import { parse, type ParseResult } from "@marcbachmann/cel-js";
import type { ExpressionCheck, PolicyFacts, PolicyResult, PolicyTestResult } from "@/lib/policy/schemas";
import { EvaluationTimeout, guardedEvaluate } from "./guard";

/**
 * CEL policies (never eval): an expression must hold for a step to pass. Parsed expressions are cached by
 * text, so checking every step before it runs costs a function call per policy.
 */
export type PolicyRule = {
  id: string;
  name: string;
  expression: string;
  message: string;
  effect: "deny" | "warn" | "require_approval";
  scopeProviders: string[];
  scopeStepTypes: string[];
};

const compiled = new Map<string, ParseResult>();
const UNARY_RUN = /(?:[!-]\s*){101}/;
function compile(expression: string): ParseResult {
  let fn = compiled.get(expression);
  if (!fn) {
    // The parser limits nesting of calls and brackets but not of unary operators; thousands of them
    // (`!!!!…true`) overflow the stack, or not, depending on how deep the caller already is.
    if (UNARY_RUN.test(expression)) throw new Error("the expression is nested too deeply (at most 100 ! or - in a row)");
    fn = parse(expression);
    if (compiled.size > 500) compiled.clear();
    compiled.set(expression, fn);
  }
  return fn;
}

/** Facts of a plausible step, to try an expression on (the "test" box starts from these). */
export const SAMPLE_FACTS: PolicyFacts = {
  resource: { type: "compute.instance", action: "create", provider: "aws-sim", region: "us-east-1", size: "medium", count: 1, tags: { owner: "web-team" }, public: false, monthlyCost: 30.37 },
  step: { id: "web", type: "provision-instance", name: "Web server" },
  workflow: { id: "00000000-0000-4000-8000-000000000000", name: "Three-tier web app" },
  actor: { role: "operator" },
  run: { monthlyCost: 120.5 },
};

function messageOf(error: unknown): string {
  // The parser and evaluator recurse: an expression nested thousands deep (`!!!!…true`) overflows the stack.
  if (error instanceof RangeError && /call stack/i.test(error.message)) return "the expression is nested too deeply";
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n")[0]!.slice(0, 300);
}

/** Syntax and shape check for the editor: parses, and on sample facts gives true or false. */
export function checkExpression(expression: string): ExpressionCheck {
  if (!expression.trim()) return { ok: false, message: "Write an expression, e.g. resource.region in [\"us-east-1\"]." };
  let fn: ParseResult;
  try {
    fn = compile(expression);
  } catch (error) {
    const range = (error as { range?: { start?: number } }).range;
    return { ok: false, message: messageOf(error), ...(typeof range?.start === "number" ? { position: range.start } : {}) };
  }
  try {
    const value: unknown = guardedEvaluate(expression, () => fn(SAMPLE_FACTS));
    if (typeof value !== "boolean") return { ok: false, message: `The expression must give true or false; on sample facts it gives ${typeof value === "bigint" ? "a number" : typeof value}.` };
  } catch (error) {
    const message = messageOf(error);
    // Unknown variables are mistakes; other evaluation errors (a missing tag, a division by a fact that is
    // zero) can depend on the facts (tested at run time).
    // So are unknown functions and wrong argument types (sample facts have the right types), expressions nested
    // too deeply to evaluate, and ones that take too long.
    if (error instanceof EvaluationTimeout || error instanceof RangeError || /unknown variable|undeclared|no such|overload|unknown function/i.test(message)) return { ok: false, message };
  }
  return { ok: true };
}

/** "Test against sample facts". */
export function testExpression(expression: string, facts: Record<string, unknown>): PolicyTestResult {
  try {
    const fn = compile(expression);
    const value: unknown = guardedEvaluate(expression, () => fn(facts));
    if (typeof value !== "boolean") return { ok: false, message: "The expression must give true or false." };
    return { ok: true, holds: value };
  } catch (error) {
    return { ok: false, message: messageOf(error) };
  }
}

/** Whether a policy applies to a step: resource steps only, within its providers and step types. */
export function isInScope(rule: PolicyRule, facts: PolicyFacts): boolean {
  if (rule.scopeStepTypes.length > 0) {
    if (!rule.scopeStepTypes.includes(facts.step.type)) return false;
  } else if (!facts.resource.type || facts.resource.action === "read" || facts.resource.action === "delete") {
    return false;
  }
  // A provider given by an expression is not known at design time: the policy may apply, so it is shown.
  const provider = facts.resource.provider;
  return rule.scopeProviders.length === 0 || provider === null || rule.scopeProviders.includes(provider);
}

/** The facts an expression reads that are not known yet (design time), e.g. ["resource.region"]. */
function unknownsIn(expression: string, facts: PolicyFacts): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(facts.resource)) if (value === null && new RegExp(`\\bresource\\s*\\.\\s*${key}\\b`).test(expression)) out.push(`resource.${key}`);
  if (facts.run.monthlyCost === null && /\brun\s*\.\s*monthlyCost\b/.test(expression)) out.push("run.monthlyCost");
  return out;
}

/**
 * One policy on one step. At design time (`isDesign`) a policy reading a value that is not known yet is
 * "unknown"; at run time an expression that fails counts as not holding (fail closed), with the reason.
 */
export function evaluatePolicy(rule: PolicyRule, facts: PolicyFacts, options: { isDesign: boolean }): PolicyResult {
  const base = { policyId: rule.id, policyName: rule.name, effect: rule.effect };
  if (options.isDesign) {
    const unknown = unknownsIn(rule.expression, facts);
    if (unknown.length > 0) return { ...base, outcome: "unknown", message: `Decided at run time: ${unknown.join(", ")} ${unknown.length === 1 ? "is" : "are"} computed when the run starts.` };
  }
  let holds: boolean;
  let reason: string | null = null;
  try {
    const fn = compile(rule.expression);
    const value: unknown = guardedEvaluate(rule.expression, () => fn(facts));
    holds = value === true;
    if (typeof value !== "boolean") reason = "the expression did not give true or false";
  } catch (error) {
    holds = false;
    reason = messageOf(error);
  }
  if (holds) return { ...base, outcome: "pass", message: null };
  if (reason !== null && options.isDesign) return { ...base, outcome: "error", message: `The policy could not be evaluated: ${reason}` };
  return { ...base, outcome: rule.effect, message: reason === null ? rule.message : `${rule.message} (the policy could not be evaluated: ${reason})` };
}

/** Every policy in scope of a step. */
export function evaluateStep(rules: readonly PolicyRule[], facts: PolicyFacts, options: { isDesign: boolean }): PolicyResult[] {
  return rules.filter((r) => isInScope(r, facts)).map((r) => evaluatePolicy(r, facts, options));
}
