import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import type { Sql } from "../store/sql";
import type { AlertsConfig } from "./config";
import { nextAttemptAt } from "./backoff";
import { sendThrough } from "./channels/send";
import { getChannel } from "./store/channels";
import { claimNotifications, enqueueNotifications, finishAttempt, type ClaimedNotification } from "./store/outbox";
import { testPayload } from "./message";

/** Names one delivery loop in claims (and in the attempts the page shows). */
export function loopName(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

type Outcome = "delivered" | "retry" | "failed";

async function deliverOne(sql: Sql, n: ClaimedNotification, loop: string, cfg: AlertsConfig): Promise<Outcome> {
  const startedMs = Date.now();
  const channel = n.channelId === null ? null : await getChannel(sql, n.channelId);
  const outcome = channel
    ? channel.enabled
      ? await sendThrough(channel, n.payload, cfg, startedMs)
      : { ok: false, code: null, error: `channel '${n.channelName}' is disabled` }
    : { ok: false, code: null, error: `channel '${n.channelName}' was deleted` };
  const end = Date.now();
  const retryAt = outcome.ok || !channel ? null : nextAttemptAt(end, n.attempts, n.deadlineMs, cfg.retryBaseMs);
  await finishAttempt(sql, n, loop, { ...outcome, startedMs, durationMs: end - startedMs }, retryAt);
  return outcome.ok ? "delivered" : retryAt === null ? "failed" : "retry";
}

export interface DeliveryCounts {
  attempts: number;
  delivered: number;
  failed: number;
}

/** Sends every notification due now, a few at a time; returns how many attempts were made. */
export async function deliverDue(sql: Sql, loop: string, cfg: AlertsConfig): Promise<DeliveryCounts> {
  const c: DeliveryCounts = { attempts: 0, delivered: 0, failed: 0 };
  for (;;) {
    const batch = await claimNotifications(sql, loop, Date.now(), cfg.leaseMs);
    if (batch.length === 0) return c;
    for (const r of await Promise.all(batch.map((n) => deliverOne(sql, n, loop, cfg)))) {
      c.attempts++;
      if (r === "delivered") c.delivered++;
      if (r === "failed") c.failed++;
    }
  }
}

/** Queues a test message to one channel; a delivery loop sends it like any notification. */
export async function queueTestNotification(sql: Sql, channel: { id: number; name: string }, cfg: AlertsConfig, now = Date.now()): Promise<number> {
  const key = randomUUID();
  const [id] = await enqueueNotifications(sql, [{ key, eventId: null, channelId: channel.id, channelName: channel.name, purpose: "test", payload: testPayload(key, channel.name, now, cfg.publicUrl) }], now, cfg.retryForMs);
  return id;
}
