import type { Rule, RuleKind } from "../kinds";
import type { ChannelInput } from "../channel-input";

/** SQLite gives 0/1 for booleans, PostgreSQL true/false. */
export const bool = (v: unknown): boolean => v === true || v === 1 || v === "1";

export interface RuleRow {
  id: number;
  name: string;
  kind: string;
  functions: string | null;
  region: string | null;
  aggregate: string | null;
  limit: number | null;
  windowMs: number;
  fire: number;
  resolve: number;
  minInvocations: number | null;
  channels: string | null;
  enabled: boolean | number;
  origin: string;
}

export function ruleFromRow(r: RuleRow): Rule {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind as RuleKind,
    functions: r.functions,
    region: r.region,
    aggregate: r.aggregate === "total" ? "total" : null,
    limit: r.limit,
    windowMs: r.windowMs,
    fire: r.fire,
    resolve: r.resolve,
    minInvocations: r.minInvocations,
    channels: r.channels === null ? null : (JSON.parse(r.channels) as string[]),
    enabled: bool(r.enabled),
    origin: r.origin,
  };
}

export interface StoredChannel extends ChannelInput {
  id: number;
  origin: string;
}

export interface ChannelRow {
  id: number;
  name: string;
  type: string;
  config: string;
  secret: string | null;
  enabled: boolean | number;
  origin: string;
}

export function channelFromRow(r: ChannelRow): StoredChannel {
  return { id: r.id, name: r.name, type: r.type as StoredChannel["type"], config: JSON.parse(r.config), secret: r.secret, enabled: bool(r.enabled), origin: r.origin };
}
