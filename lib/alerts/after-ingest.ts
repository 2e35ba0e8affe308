import type { Sql } from "../store/sql";
import { alertsConfig } from "./config";
import { evaluateAlerts } from "./evaluate";

/**
 * Called once after each ingestion (a file, an upload, a CloudWatch pass, a worker's
 * job): evaluates the alert rules over what is now stored. Notifications go to the
 * outbox, for a delivery loop (serve, worker, alerts run) to send. A failure here never
 * fails the ingest: it is reported through `warn`.
 */
export async function afterIngest(store: { sql: Sql }, warn: (message: string) => void = (m) => process.stderr.write(`warning: ${m}\n`)): Promise<void> {
  try {
    await evaluateAlerts(store.sql, { config: alertsConfig() });
  } catch (e) {
    warn(`alert evaluation failed (the data was stored; 'lambdalens alerts run' evaluates again): ${(e as Error).message}`);
  }
}
