import type { RuleKind } from "./kinds";

export type SubjectKind = "function" | "region" | "total";

export interface Contributor {
  function: string;
  peak: number;
}

/** What an alert event carries beyond value, limit and threshold. */
export interface EventDetails {
  unit: string;
  /** "reserved concurrency 100 (Lambda API)" */
  limitSource?: string;
  /** the minute the window's value was reached (data time, epoch ms) */
  peakAtMs?: number | null;
  invocations?: number;
  /** region rules: the functions with the largest peaks in the minute of the region's peak */
  topContributors?: Contributor[];
  /** why a resolution happened without the value falling (rule disabled or narrowed) */
  reason?: string;
  meanDurationMs?: number | null;
  /** requests per second at which the function throttles at today's mean duration */
  maxSustainableRps?: number | null;
  functions?: string | null;
}

/** A state change, as evaluation records it. */
export interface AlertEventInput {
  ruleId: number;
  ruleName: string;
  kind: RuleKind;
  subjectKind: SubjectKind;
  subject: string;
  state: "firing" | "resolved";
  value: number;
  limit: number | null;
  threshold: number;
  windowMs: number;
  /** data time of the end of the window */
  dataMs: number;
  details: EventDetails;
  muted: boolean;
}

export interface AlertEventRecord extends AlertEventInput {
  id: number;
  createdMs: number;
}
