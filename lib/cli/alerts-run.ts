import { parseCommandArgs, parseDuration, UsageError } from "./args";
import { withStore } from "./with-store";
import { alertsConfig } from "../alerts/config";
import { startDeliveryLoop } from "../alerts/delivery-loop";
import { runAlertsOnce } from "../alerts/run-once";

const USAGE = `Usage: lambdalens alerts run [--every 1m] [--deliver-timeout 60s]

Evaluates every alert rule over the newest data, then delivers pending notifications
(retrying with backoff). A single run waits for retries up to --deliver-timeout, then
exits: 0 when nothing failed (notifications still waiting are retried by the next run
or by serve / worker), 1 when a notification ran out of retries.
With --every, evaluates at that interval and delivers continuously until stopped.

Options:
  --every DURATION            evaluate again at this interval (e.g. 1m) until stopped
  --deliver-timeout DURATION  how long a single run waits for retries (default 60s)
  --json                      print the single run's result as JSON
  -h, --help                  this text

Environment: LAMBDALENS_ALLOW_PRIVATE_TARGETS=1 allows loopback and private targets;
LAMBDALENS_PUBLIC_URL adds links to the dashboard; LAMBDALENS_ALERTS_RETRY_BASE (2s) and
LAMBDALENS_ALERTS_RETRY_FOR (24h) shape the retries.
`;

export async function alertsRunCommand(argv: string[]): Promise<number> {
  let v;
  let everyMs: number | null = null;
  let timeoutMs = 60_000;
  let config;
  try {
    v = parseCommandArgs(argv, { every: { type: "string" }, "deliver-timeout": { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } } as const, USAGE).values;
    if (v.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    if (v.every !== undefined) everyMs = parseDuration(v.every, "--every");
    if (v["deliver-timeout"] !== undefined) timeoutMs = parseDuration(v["deliver-timeout"], "--deliver-timeout");
    config = alertsConfig();
  } catch (e) {
    process.stderr.write(`lambdalens alerts run: ${(e as Error).message}\n`);
    return 2;
  }
  const cfg = config;
  return withStore("alerts run", async (store) => {
    const abort = new AbortController();
    const stop = () => abort.abort();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    try {
      if (everyMs !== null) {
        const log = (l: string) => process.stderr.write(`${new Date().toISOString()} ${l}\n`);
        const loop = startDeliveryLoop(store.sql, cfg, { evaluateEveryMs: everyMs, log });
        log(`alerts: evaluating every ${v.every}, delivering continuously; stop with Ctrl-C`);
        await new Promise((r) => abort.signal.addEventListener("abort", r, { once: true }));
        await loop.stop();
        return 0;
      }
      const r = await runAlertsOnce(store.sql, cfg, timeoutMs, abort.signal);
      if (v.json) {
        process.stdout.write(JSON.stringify({ stateChanges: r.evaluation.events.length, queued: r.evaluation.notifications, attempts: r.attempts, delivered: r.delivered, failed: r.failed, pending: r.pending }) + "\n");
      } else {
        for (const e of r.evaluation.events) process.stdout.write(`${e.state === "firing" ? "FIRING  " : "RESOLVED"} ${e.ruleName}: ${e.subject}${e.muted ? " (muted)" : ""}\n`);
        process.stdout.write(
          `alerts: ${r.evaluation.events.length} state change(s), ${r.evaluation.notifications} notification(s) queued; ${r.delivered} delivered, ${r.failed} failed${r.pending ? `, ${r.pending} still waiting for a retry` : ""}\n`,
        );
      }
      return r.failed > 0 ? 1 : 0;
    } finally {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
    }
  });
}
