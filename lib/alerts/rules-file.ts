import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { DEFAULT_MIN_INVOCATIONS, KINDS, RULE_KINDS, type RuleInput } from "./kinds";
import { parseDurationMs } from "./duration";
import type { ChannelInput } from "./channel-input";
import { channelFromFile, channelFileSchema } from "./channel-input";

/** Every problem of a rules file or of one rule or channel, each naming its field. */
export class RulesError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
  }
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const MAX_WINDOW_MS = 30 * 86_400_000;

export const ruleFileSchema = z
  .object({
    name: z.string().trim().min(1, "must not be empty").max(200),
    kind: z.enum(RULE_KINDS),
    functions: z.string().trim().min(1, "must not be empty").optional(),
    region: z.string().regex(REGION, "expected an AWS region such as us-east-1").optional(),
    total: z.boolean().optional(),
    limit: z.number().positive("must be above 0").optional(),
    window: z.union([z.string(), z.number()]).optional(),
    fire: z.number().min(0, "must not be negative").optional(),
    resolve: z.number().min(0, "must not be negative").optional(),
    minInvocations: z.number().int("expected a whole number").min(0).optional(),
    channels: z.array(z.string().min(1)).optional(),
    enabled: z.boolean().optional(),
  })
  .strict();

export type RuleFileEntry = z.infer<typeof ruleFileSchema>;

const fileSchema = z
  .object({
    channels: z.array(z.unknown()).optional(),
    rules: z.array(z.unknown()).optional(),
  })
  .strict();

function zodProblems(prefix: string, e: z.ZodError): string[] {
  return e.issues.map((i) => `${[prefix, ...i.path].filter((p) => p !== "").join(".")}: ${i.message}`);
}

/** A rule's defaults filled in and its cross-field rules checked; problems are prefixed with `at`. */
export function normalizeRule(entry: RuleFileEntry, at: string, knownChannels: ReadonlySet<string>): { rule: RuleInput | null; problems: string[] } {
  const k = KINDS[entry.kind];
  const problems: string[] = [];
  const p = (field: string, message: string) => problems.push(`${at}.${field}: ${message}`);
  if (k.subject === "region" && entry.functions !== undefined) p("functions", "region rules take `region:`, not `functions:`");
  if (entry.total !== undefined && entry.kind !== "spend") p("total", "only spend rules sum their functions");
  if (entry.limit !== undefined && !k.relative) p("limit", `${entry.kind} rules have no limit: fire and resolve are in ${k.unit}`);
  if (entry.minInvocations !== undefined && entry.kind !== "cold-start-rate") p("minInvocations", "only cold-start-rate rules take a minimum invocation count");
  let windowMs = k.windowMs;
  if (entry.window !== undefined) {
    const ms = parseDurationMs(entry.window);
    if (ms === null) p("window", `expected a duration like 5m, 1h or 1d, got '${entry.window}'`);
    else if (ms % 60_000 !== 0 || ms < 60_000 || ms > MAX_WINDOW_MS) p("window", `must be whole minutes from 1m to 30d (rollups are per minute), got '${entry.window}'`);
    else windowMs = ms;
  }
  const fire = entry.fire ?? k.fire;
  // a fire without a resolve keeps the kind's proportion (0.8 → 0.7 for concurrency, counts resolve at 0)
  const resolve = entry.resolve ?? fire * (k.resolve / k.fire);
  if (k.relative && (fire <= 0 || fire > 1)) p("fire", `a fraction of the limit above 0 and at most 1 (0.8 is 80%), got ${fire}`);
  if (entry.kind === "cold-start-rate" && fire > 1) p("fire", `a rate between 0 and 1 (0.05 is 5%), got ${fire}`);
  if (resolve >= fire) p("resolve", `must be below fire (${fire}) so an alert does not flap, got ${resolve}`);
  for (const c of entry.channels ?? []) if (!knownChannels.has(c)) p("channels", `no channel named '${c}' (define it under channels: or in the dashboard)`);
  if (problems.length > 0) return { rule: null, problems };
  return {
    rule: {
      name: entry.name,
      kind: entry.kind,
      functions: k.subject === "function" ? (entry.functions ?? null) : null,
      region: entry.region ?? null,
      aggregate: entry.total ? "total" : null,
      limit: entry.limit ?? null,
      windowMs,
      fire,
      resolve,
      minInvocations: entry.kind === "cold-start-rate" ? (entry.minInvocations ?? DEFAULT_MIN_INVOCATIONS) : null,
      channels: entry.channels ?? null,
      enabled: entry.enabled ?? true,
    },
    problems,
  };
}

/** Replaces `${NAME}` in every string with the environment's value; an unset variable is a problem. */
export function expandEnv(value: unknown, env: Record<string, string | undefined>, at: string, problems: string[]): unknown {
  if (typeof value === "string") {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
      const v = env[name];
      if (v === undefined) problems.push(`${at}: environment variable ${name} is not set`);
      return v ?? "";
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => expandEnv(v, env, `${at}.${i}`, problems));
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandEnv(v, env, at ? `${at}.${k}` : k, problems)]));
  return value;
}

export interface RulesFile {
  channels: ChannelInput[];
  rules: RuleInput[];
}

export interface ParseRulesOptions {
  /** YAML unless the name ends in .json; JSON is YAML too, so either parses */
  fileName: string;
  env: Record<string, string | undefined>;
  /** channels stored already, which rules may name */
  storedChannels: ReadonlySet<string>;
  allowPrivateTargets: boolean;
}

/** Reads and checks a whole rules file; throws RulesError listing every problem, so nothing is half applied. */
export function parseRulesFile(text: string, o: ParseRulesOptions): RulesFile {
  let raw: unknown;
  try {
    raw = o.fileName.endsWith(".json") ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new RulesError([`${o.fileName}: not valid ${o.fileName.endsWith(".json") ? "JSON" : "YAML"}: ${(e as Error).message.split("\n")[0]}`]);
  }
  if (raw === null || raw === undefined) raw = {};
  const top = fileSchema.safeParse(raw);
  if (!top.success) throw new RulesError(zodProblems("", top.error).map((m) => (m.startsWith(":") ? `${o.fileName}${m}` : m)));
  const problems: string[] = [];
  const expanded = expandEnv(top.data, o.env, "", problems) as { channels?: unknown[]; rules?: unknown[] };
  const channels: ChannelInput[] = [];
  const names = new Set<string>();
  (expanded.channels ?? []).forEach((c, i) => {
    const at = `channels.${i}`;
    const r = channelFileSchema.safeParse(c);
    if (!r.success) return problems.push(...zodProblems(at, r.error));
    if (names.has(r.data.name)) return problems.push(`${at}.name: '${r.data.name}' is defined twice`);
    names.add(r.data.name);
    const ch = channelFromFile(r.data, at, o.allowPrivateTargets);
    if ("problems" in ch) problems.push(...ch.problems);
    else channels.push(ch);
  });
  const known = new Set([...o.storedChannels, ...names]);
  const rules: RuleInput[] = [];
  const ruleNames = new Set<string>();
  (expanded.rules ?? []).forEach((x, i) => {
    const at = `rules.${i}`;
    const r = ruleFileSchema.safeParse(x);
    if (!r.success) return problems.push(...zodProblems(at, r.error));
    if (ruleNames.has(r.data.name)) return problems.push(`${at}.name: '${r.data.name}' is defined twice`);
    ruleNames.add(r.data.name);
    const n = normalizeRule(r.data, at, known);
    problems.push(...n.problems);
    if (n.rule) rules.push(n.rule);
  });
  if (problems.length > 0) throw new RulesError(problems);
  return { channels, rules };
}
