import type { Sql } from "../store/sql";
import type { AlertsConfig } from "./config";
import { deliverDue, loopName, type DeliveryCounts } from "./deliver";
import { evaluateAlerts, type EvaluationResult } from "./evaluate";
import { outstanding } from "./store/outbox";

export interface RunResult extends DeliveryCounts {
  evaluation: EvaluationResult;
  /** notifications still waiting for a retry when the run stopped waiting */
  pending: number;
}

/**
 * `lambdalens alerts run` without --every: evaluates, then delivers what is due and
 * waits for retries until nothing is outstanding or `deliverTimeoutMs` has passed.
 */
export async function runAlertsOnce(sql: Sql, config: AlertsConfig, deliverTimeoutMs: number, signal?: AbortSignal): Promise<RunResult> {
  const evaluation = await evaluateAlerts(sql, { config });
  const loop = loopName();
  const until = Date.now() + deliverTimeoutMs;
  const total: DeliveryCounts = { attempts: 0, delivered: 0, failed: 0 };
  for (;;) {
    const c = await deliverDue(sql, loop, config);
    total.attempts += c.attempts;
    total.delivered += c.delivered;
    total.failed += c.failed;
    const left = await outstanding(sql);
    const now = Date.now();
    if (left.count === 0 || now >= until || signal?.aborted) return { evaluation, ...total, pending: left.count };
    const wait = Math.min(Math.max((left.nextMs ?? now) - now, 20), until - now);
    await new Promise((r) => setTimeout(r, wait));
  }
}
