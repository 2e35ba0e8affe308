import { hostname } from "node:os";
import type { Store } from "../store/store";
import { claimJob, DEFAULT_STALE_MS, failJob, finishJob, heartbeat, type Job } from "./queue";
import { ingestFile } from "../pipeline/ingest-file";

export interface WorkerOptions {
  name?: string;
  /** Stop when the queue is empty instead of waiting for more work. */
  exitWhenIdle?: boolean;
  pollMs?: number;
  staleMs?: number;
  log?: (line: string) => void;
  signal?: AbortSignal;
  /** Runs a CloudWatch slice job; provided by the CLI so this module needs no AWS SDK. */
  runCloudwatch?: (store: Store, job: Extract<Job["payload"], { kind: "cloudwatch" }>) => Promise<unknown>;
}

export function workerName(): string {
  return `${hostname()}:${process.pid}`;
}

async function runJob(store: Store, job: Job, o: WorkerOptions): Promise<unknown> {
  const p = job.payload;
  if (p.kind === "file") return ingestFile(store, p.path, { functionName: p.functionName, force: true, range: p.start === undefined ? undefined : { start: p.start, end: p.end! } });
  if (!o.runCloudwatch) throw new Error("this worker cannot run CloudWatch jobs");
  return o.runCloudwatch(store, p);
}

/** Claims and runs jobs until the queue is empty (exitWhenIdle) or the signal aborts. Returns jobs done. */
export async function runWorker(store: Store, o: WorkerOptions = {}): Promise<number> {
  const name = o.name ?? workerName();
  const staleMs = o.staleMs ?? DEFAULT_STALE_MS;
  const log = o.log ?? (() => undefined);
  let done = 0;
  while (!o.signal?.aborted) {
    const job = await claimJob(store.sql, name, staleMs);
    if (!job) {
      if (o.exitWhenIdle) break;
      await new Promise((r) => setTimeout(r, o.pollMs ?? 2000));
      continue;
    }
    log(`job ${job.id} (${job.payload.kind}, attempt ${job.attempts}): started`);
    const beat = setInterval(() => {
      heartbeat(store.sql, job.id, name).catch(() => undefined);
    }, Math.max(1000, staleMs / 4));
    try {
      const result = await runJob(store, job, o);
      await finishJob(store.sql, job.id, name, result);
      done++;
      log(`job ${job.id}: done`);
    } catch (e) {
      const message = (e as Error).message;
      await failJob(store.sql, job.id, name, message).catch(() => undefined);
      log(`job ${job.id}: failed: ${message}`);
    } finally {
      clearInterval(beat);
    }
  }
  return done;
}
