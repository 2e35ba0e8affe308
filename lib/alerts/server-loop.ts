import { serverStore } from "../store/server-store";
import { alertsConfig } from "./config";
import { startDeliveryLoop, type DeliveryLoop } from "./delivery-loop";

const g = globalThis as unknown as { lambdalensAlertsLoop?: DeliveryLoop };

/** How often the dashboard server evaluates on its own (settings changes, rules edited elsewhere). */
const EVALUATE_EVERY_MS = 60_000;

/**
 * The dashboard server's delivery loop, started once per process from instrumentation.ts
 * (so `next start`, `lambdalens serve` and the browser tests all have it). It also
 * evaluates the rules every minute.
 */
export async function startServerAlerts(): Promise<void> {
  if (g.lambdalensAlertsLoop) return;
  const store = await serverStore();
  g.lambdalensAlertsLoop = startDeliveryLoop(store.sql, alertsConfig(), { evaluateEveryMs: EVALUATE_EVERY_MS, log: (l) => console.log(l) });
}

/** Wakes the loop after something was queued in this process (a test notification), or a rule changed (evaluate). */
export function kickServerAlerts(evaluate = false): void {
  g.lambdalensAlertsLoop?.kick(evaluate);
}
