import type { Store } from "../store/store";
import { isTransient } from "../store/transient";
import { classify, RetriesExhaustedError } from "../sources/cloudwatch/retry";
import { CloudwatchIngester, type CloudWatchIngestOptions, type PollResult } from "./ingest-cloudwatch";

export interface FollowHooks {
  /** Stops the loop after the poll under way (or at once, while waiting). */
  signal?: AbortSignal;
  onPoll?: (result: PollResult, startedAt: number) => void | Promise<void>;
  /** A poll failed in a way that passes (an endpoint or database outage); called at each failed poll. */
  onOutage?: (error: unknown, since: number) => void | Promise<void>;
  onRecovered?: (since: number) => void | Promise<void>;
  /** Waits between polls; tests pass their own. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** An endpoint or a database that is unreachable, overloaded or restarting: worth waiting for. */
export function isPassing(e: unknown): boolean {
  if (e instanceof RetriesExhaustedError) return classify(e.lastError) !== null;
  return classify(e) !== null || isTransient(e) || isTransient((e as { cause?: unknown } | null)?.cause);
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

/**
 * `ingest --cloudwatch --follow`: a poll every `pollMs` (start to start) until stopped. An
 * outage of CloudWatch or of the database does not end it: the poll is tried again every
 * `pollMs` for as long as it lasts, and reading resumes from the last stored checkpoint.
 * Any other failure (credentials, a bug) ends it.
 */
export async function followCloudwatch(store: Store, o: CloudWatchIngestOptions & { pollMs: number }, hooks: FollowHooks = {}): Promise<void> {
  const sleep = hooks.sleep ?? abortableSleep;
  const now = o.now ?? Date.now;
  const ingester = new CloudwatchIngester(store, o);
  let outageSince: number | null = null;
  try {
    while (!hooks.signal?.aborted) {
      const startedAt = now();
      try {
        const result = await ingester.poll();
        if (outageSince !== null) await hooks.onRecovered?.(outageSince);
        outageSince = null;
        await hooks.onPoll?.(result, startedAt);
      } catch (e) {
        if (!isPassing(e)) throw e;
        outageSince ??= startedAt;
        await hooks.onOutage?.(e, outageSince);
      }
      await sleep(Math.max(0, startedAt + o.pollMs - now()), hooks.signal);
    }
  } finally {
    ingester.close();
  }
}
