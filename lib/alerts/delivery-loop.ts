import type { Sql } from "../store/sql";
import type { AlertsConfig } from "./config";
import { deliverDue, loopName } from "./deliver";
import { evaluateAlerts } from "./evaluate";

export interface DeliveryLoop {
  /** look for due notifications now (after queueing one in this process); evaluate too when asked (a rule changed) */
  kick(evaluate?: boolean): void;
  stop(): Promise<void>;
}

export interface LoopOptions {
  /** also evaluate the rules this often (the dashboard server: settings changes, mutes ending) */
  evaluateEveryMs?: number;
  log?: (line: string) => void;
}

/**
 * Sends due notifications every `config.pollMs` until stopped. Any number of loops may
 * run against one database (serve, workers, alerts run): claims keep them apart.
 * Errors (the database away for a while) are logged and the loop carries on.
 */
export function startDeliveryLoop(sql: Sql, config: AlertsConfig, o: LoopOptions = {}): DeliveryLoop {
  const name = loopName();
  const log = o.log ?? (() => undefined);
  let stopped = false;
  let wake: (() => void) | null = null;
  let lastEvaluation = 0;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        wake = null;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(t);
        wake = null;
        resolve();
      };
    });
  const done = (async () => {
    while (!stopped) {
      try {
        if (o.evaluateEveryMs !== undefined && Date.now() - lastEvaluation >= o.evaluateEveryMs) {
          lastEvaluation = Date.now();
          const r = await evaluateAlerts(sql, { config });
          if (r.events.length) log(`alerts: ${r.events.length} state change(s), ${r.notifications} notification(s) queued`);
        }
        const r = await deliverDue(sql, name, config);
        if (r.attempts) log(`alerts: ${r.delivered} of ${r.attempts} delivery attempt(s) succeeded`);
      } catch (e) {
        log(`alerts: delivery loop: ${(e as Error).message}`);
      }
      if (!stopped) await sleep(config.pollMs);
    }
  })();
  return {
    kick: (evaluate = false) => {
      if (evaluate) lastEvaluation = 0;
      wake?.();
    },
    stop: async () => {
      stopped = true;
      wake?.();
      await done;
    },
  };
}
