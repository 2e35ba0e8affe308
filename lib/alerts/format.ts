import { KINDS, type Rule, type RuleKind } from "./kinds";
import { formatDuration } from "./duration";
import { formatValue } from "./message";

/** "2026-11-01 12:11 UTC": data times and wall times on the page and in the CLI. */
export function formatTime(iso: string | null): string {
  return iso === null ? "—" : `${iso.slice(0, 16).replace("T", " ")} UTC`;
}

/** A value in its kind's unit: "85 concurrent executions", "6.2%", "$12.00/month". */
export function kindValue(kind: RuleKind | string, v: number | null): string {
  if (v === null) return "—";
  const k = KINDS[kind as RuleKind];
  return k ? formatValue(v, k.unit) : String(v);
}

/** "85 of 100 concurrent executions" when there is a limit, else the value in its unit. */
export function valueOfLimit(kind: RuleKind | string, v: number, limit: number | null): string {
  const k = KINDS[kind as RuleKind];
  if (!k || limit === null || k.unit === "ratio" || k.unit === "USD/month") return kindValue(kind, v);
  const n = (x: number) => x.toLocaleString("en-US", { maximumFractionDigits: 1 });
  return `${n(v)} of ${n(limit)} ${k.unit}`;
}

/** "80% of the limit" or "5 timeouts": a rule's fire or resolve threshold in words. */
export function ruleThreshold(r: Pick<Rule, "kind">, v: number): string {
  const k = KINDS[r.kind];
  return k.relative ? `${(v * 100).toLocaleString("en-US", { maximumFractionDigits: 1 })}% of the limit` : formatValue(v, k.unit);
}

/** What a rule watches: "orders-* in eu-west-1", "every function", "us-east-1 (region)". */
export function ruleScope(r: Pick<Rule, "kind" | "functions" | "region" | "aggregate">): string {
  if (KINDS[r.kind].subject === "region") return r.region ? `region ${r.region}` : "every region";
  const fns = r.functions === null ? "every function" : r.functions;
  return `${fns}${r.region ? ` in ${r.region}` : ""}${r.aggregate === "total" ? " (total)" : ""}`;
}

export { formatDuration };
