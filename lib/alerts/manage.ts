import { z } from "zod";
import type { Sql } from "../store/sql";
import type { AlertsConfig } from "./config";
import { channelFileSchema, channelFromFile, maskSecret, maskUrl, type EmailConfig, type WebhookConfig } from "./channel-input";
import { normalizeRule, ruleFileSchema } from "./rules-file";
import { parseDurationMs } from "./duration";
import { deleteChannel, getChannel, listChannels, saveChannel } from "./store/channels";
import { deleteRule, getRule, saveRule } from "./store/rules";
import { acknowledgeState } from "./store/states";
import { muteFunction, unmuteFunction } from "./store/mutes";
import { queueTestNotification } from "./deliver";
import type { StoredChannel } from "./store/rows";

/** What the API and the page show of a channel: never a secret in full. */
export interface ChannelView {
  id: number;
  name: string;
  type: StoredChannel["type"];
  enabled: boolean;
  origin: string;
  /** webhook: its URL; Slack: the host only (the URL is the secret) */
  url: string | null;
  email: Omit<EmailConfig, "to"> & { to: string[] } | null;
  secret: string | null;
}

export function channelView(c: StoredChannel): ChannelView {
  return {
    id: c.id,
    name: c.name,
    type: c.type,
    enabled: c.enabled,
    origin: c.origin,
    url: c.type === "webhook" ? (c.config as WebhookConfig).url : c.type === "slack" ? maskUrl(c.secret ?? "") : null,
    email: c.type === "email" ? (c.config as EmailConfig) : null,
    secret: c.type === "slack" ? null : maskSecret(c.secret),
  };
}

export async function channelViews(sql: Sql): Promise<ChannelView[]> {
  return (await listChannels(sql)).map(channelView);
}

/** A refusal the API answers with 400 (or 404), naming the field. */
export class InputError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 = 400,
  ) {
    super(message);
  }
}

const problemsOf = (e: z.ZodError) => e.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");

/**
 * Creates or replaces a channel from the API. On an update a secret left out (the
 * webhook secret, the Slack URL, the SMTP password) keeps the stored one, so the page
 * never needs to show it back.
 */
export async function saveChannelFromApi(sql: Sql, body: unknown, config: Pick<AlertsConfig, "allowPrivateTargets">, id?: number): Promise<ChannelView> {
  const existing = id === undefined ? null : await getChannel(sql, id);
  if (id !== undefined && !existing) throw new InputError(`no channel with id ${id}`, 404);
  let input = body as Record<string, unknown>;
  if (existing && input && typeof input === "object" && existing.type === input.type) {
    const keep = existing.type === "webhook" ? "secret" : existing.type === "slack" ? "url" : "password";
    if (input[keep] === undefined || input[keep] === "") input = { ...input, [keep]: existing.secret ?? undefined };
  }
  const r = channelFileSchema.safeParse(input);
  if (!r.success) throw new InputError(problemsOf(r.error));
  const ch = channelFromFile(r.data, "", config.allowPrivateTargets);
  if ("problems" in ch) throw new InputError(ch.problems.map((p) => p.replace(/^\./, "")).join("; "));
  const clash = (await listChannels(sql)).find((c) => c.name === ch.name && c.id !== id);
  if (clash) throw new InputError(`name: a channel named '${ch.name}' exists already`);
  const saved = await saveChannel(sql, ch, "ui", id);
  return channelView((await getChannel(sql, saved))!);
}

export async function removeChannel(sql: Sql, id: number): Promise<void> {
  if (!(await deleteChannel(sql, id))) throw new InputError(`no channel with id ${id}`, 404);
}

export async function saveRuleFromApi(sql: Sql, body: unknown, id?: number): Promise<number> {
  if (id !== undefined && !(await getRule(sql, id))) throw new InputError(`no rule with id ${id}`, 404);
  const r = ruleFileSchema.safeParse(body);
  if (!r.success) throw new InputError(problemsOf(r.error));
  const n = normalizeRule(r.data, "rule", new Set((await listChannels(sql)).map((c) => c.name)));
  if (!n.rule) throw new InputError(n.problems.map((p) => p.replace(/^rule\./, "")).join("; "));
  const clash = await sql.query<{ id: number }>(`SELECT "id" FROM "alert_rules" WHERE "name" = ?`, [n.rule.name]);
  if (clash.some((c) => c.id !== id)) throw new InputError(`name: a rule named '${n.rule.name}' exists already`);
  return saveRule(sql, n.rule, "ui", id);
}

export async function removeRule(sql: Sql, id: number): Promise<void> {
  if (!(await deleteRule(sql, id))) throw new InputError(`no rule with id ${id}`, 404);
}

export async function acknowledge(sql: Sql, stateId: number, by: string | null): Promise<void> {
  if (!(await acknowledgeState(sql, stateId, by))) throw new InputError(`no firing alert with id ${stateId}`, 404);
}

export const muteSchema = z
  .object({
    function: z.string().trim().min(1, "must not be empty"),
    for: z.string().refine((v) => (parseDurationMs(v) ?? 0) >= 60_000, "expected a duration of at least 1m, like 30m, 4h or 1d"),
    reason: z.string().max(500).optional(),
  })
  .strict();

export async function mute(sql: Sql, m: z.infer<typeof muteSchema>, now = Date.now()): Promise<{ function: string; until: string }> {
  const known = await sql.query(`SELECT 1 FROM "functions" WHERE "name" = ?`, [m.function]);
  if (known.length === 0) throw new InputError(`function: no function named '${m.function}'`, 404);
  const until = now + parseDurationMs(m.for)!;
  await muteFunction(sql, m.function, until, m.reason ?? null, now);
  return { function: m.function, until: new Date(until).toISOString() };
}

export async function unmute(sql: Sql, fn: string): Promise<void> {
  if (!(await unmuteFunction(sql, fn))) throw new InputError(`no mute for '${fn}'`, 404);
}

export async function sendTestNotification(sql: Sql, channelId: number, config: AlertsConfig): Promise<number> {
  const c = await getChannel(sql, channelId);
  if (!c) throw new InputError(`no channel with id ${channelId}`, 404);
  if (!c.enabled) throw new InputError(`channel '${c.name}' is disabled; enable it first`);
  return queueTestNotification(sql, c, config);
}
