import { parseCommandArgs, UsageError } from "./args";
import { withStore } from "./with-store";
import { runWorker } from "../jobs/worker";
import { alertsConfig } from "../alerts/config";
import { startDeliveryLoop } from "../alerts/delivery-loop";
import { deliverDue, loopName } from "../alerts/deliver";

const USAGE = `Usage: lambdalens worker [--exit-when-idle] [--poll SECONDS]

Claims queued ingestion jobs (see 'lambdalens enqueue') and runs them. Start as many as
you like against one PostgreSQL: they never take the same job, and a job whose worker
died is taken over after a minute. Each job evaluates the alert rules, and the worker
delivers pending alert notifications while it runs.
`;

export async function workerCommand(argv: string[]): Promise<number> {
  let v;
  try {
    v = parseCommandArgs(argv, { "exit-when-idle": { type: "boolean" }, poll: { type: "string" }, help: { type: "boolean", short: "h" } } as const, USAGE).values;
    if (v.help) {
      process.stdout.write(USAGE);
      return 0;
    }
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`lambdalens worker: ${e.message}\n`);
    return 2;
  }
  return withStore("worker", async (store) => {
    const abort = new AbortController();
    const stop = () => abort.abort();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    const { runCloudwatchJob } = await import("../pipeline/ingest-cloudwatch");
    const staleMs = process.env.LAMBDALENS_JOB_STALE_MS ? Number(process.env.LAMBDALENS_JOB_STALE_MS) : undefined;
    const log = (l: string) => process.stderr.write(`${new Date().toISOString()} ${l}\n`);
    const config = alertsConfig();
    const alerts = startDeliveryLoop(store.sql, config, { log });
    const n = await runWorker(store, {
      exitWhenIdle: v["exit-when-idle"],
      pollMs: v.poll ? Number(v.poll) * 1000 : undefined,
      staleMs,
      signal: abort.signal,
      runCloudwatch: runCloudwatchJob,
      log,
    }).finally(() => alerts.stop());
    // what the last jobs queued goes out before an idle worker exits (retries are left to the next loop)
    await deliverDue(store.sql, loopName(), config).catch((e) => log(`alerts: ${(e as Error).message}`));
    process.stderr.write(`worker: ${n} job(s) done\n`);
    return 0;
  });
}
