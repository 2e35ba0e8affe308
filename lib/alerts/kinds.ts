/** What each kind of rule watches, in which unit, and its defaults. Pure. */
export const RULE_KINDS = ["concurrency", "region-concurrency", "scaling-rate", "cold-start-rate", "spend", "init-failures", "long-inits", "timeouts"] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export const CHANNEL_TYPES = ["webhook", "slack", "email"] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

export interface KindInfo {
  /** what one alert of the kind is about */
  subject: "function" | "region";
  /** fire and resolve are fractions of a limit (else values in the kind's unit) */
  relative: boolean;
  unit: string;
  label: string;
  windowMs: number;
  fire: number;
  resolve: number;
}

const MIN = 60_000;

/** Lambda's scaling rate: 1,000 new execution environments per 10 s per function (reference §8). */
export const SCALING_RATE_LIMIT = 1000;
export const SCALING_INTERVAL_MS = 10_000;
/** On-demand init is cut at 10 s (reference §8). */
export const INIT_LIMIT_MS = 10_000;
export const DEFAULT_MIN_INVOCATIONS = 100;

export const KINDS: Record<RuleKind, KindInfo> = {
  concurrency: { subject: "function", relative: true, unit: "concurrent executions", label: "peak concurrency", windowMs: 5 * MIN, fire: 0.8, resolve: 0.7 },
  "region-concurrency": { subject: "region", relative: true, unit: "concurrent executions", label: "sum of per-function peak concurrency (an upper bound)", windowMs: 5 * MIN, fire: 0.8, resolve: 0.7 },
  "scaling-rate": { subject: "function", relative: true, unit: "new environments per 10 s", label: "new execution environments per 10 s", windowMs: 5 * MIN, fire: 0.8, resolve: 0.5 },
  "cold-start-rate": { subject: "function", relative: false, unit: "ratio", label: "cold-start rate", windowMs: 60 * MIN, fire: 0.05, resolve: 0.03 },
  spend: { subject: "function", relative: false, unit: "USD/month", label: "projected monthly spend", windowMs: 24 * 60 * MIN, fire: 100, resolve: 90 },
  "init-failures": { subject: "function", relative: false, unit: "init failures", label: "init failures (timeout or error)", windowMs: 60 * MIN, fire: 1, resolve: 0 },
  "long-inits": { subject: "function", relative: false, unit: "inits over 10 s", label: "cold starts whose init took over 10 s", windowMs: 60 * MIN, fire: 1, resolve: 0 },
  timeouts: { subject: "function", relative: false, unit: "timeouts", label: "timed-out invocations", windowMs: 60 * MIN, fire: 5, resolve: 0 },
};

/** A rule as stored and evaluated. */
export interface Rule {
  id: number;
  name: string;
  kind: RuleKind;
  /** function name or glob; null: every function */
  functions: string | null;
  region: string | null;
  /** spend only: one alert for the sum of the matching functions */
  aggregate: "total" | null;
  limit: number | null;
  windowMs: number;
  fire: number;
  resolve: number;
  minInvocations: number | null;
  /** null: every enabled channel */
  channels: string[] | null;
  enabled: boolean;
  origin: string;
}

export type RuleInput = Omit<Rule, "id" | "origin">;
