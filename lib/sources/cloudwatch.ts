/**
 * The live reader: Lambda log groups and their platform lines from the CloudWatch Logs
 * API, plus the function facts the logs lack. No database code: callers store the
 * events and the checkpoint that comes with each batch.
 */
import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  type FilterLogEventsCommandOutput,
} from "@aws-sdk/client-cloudwatch-logs";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { errorMessage, errorName, RateLimiter, sharedLogsLimiter, withRetries, type RetryPolicy } from "./cloudwatch/retry";

export { RateLimiter, RetriesExhaustedError, sharedLogsLimiter, DEFAULT_LOGS_RATE } from "./cloudwatch/retry";
export { fetchFunctionFacts, fetchAccountConcurrencyLimit, type FunctionFacts } from "./cloudwatch/lambda-facts";

export interface CloudWatchOptions {
  region?: string;
  profile?: string;
  /** For tests and local stacks; real AWS needs none. */
  endpoint?: string;
  /** Static credentials (tests, local stacks); otherwise the SDK's default chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Default "/aws/lambda/". */
  logGroupPrefix?: string;
  /** Restrict to these function names (log group = prefix + name). */
  functions?: string[];
  /** FilterLogEvents `limit` (default and maximum 10000). */
  pageLimit?: number;
  /** Retries of a throttled or failed (5xx) request before giving up (default 8). */
  maxRetries?: number;
  /** Called before each backoff wait (throttled, failed or unreachable), with the wait in ms and the error. */
  onThrottle?: (waitMs: number, error: unknown) => void;
  /** Default PLATFORM_FILTER_PATTERN; "" reads every event. */
  filterPattern?: string;
  /** Default: one limiter shared by the whole process at ~5 requests/s. */
  rateLimiter?: RateLimiter;
  /** First backoff step in ms (default 250; doubles per retry, capped at 20 s). */
  retryBaseMs?: number;
}

export interface LogGroupInfo {
  name: string;
  functionName: string;
}

export interface CloudWatchEvent {
  logGroup: string;
  logStream: string;
  eventId: string;
  timestamp: number;
  message: string;
}

/** The last event timestamp seen, and the ids of the events seen at exactly that timestamp. */
export interface Checkpoint {
  lastTs: number;
  idsAtLastTs: string[];
}

/** Event ids read, with their timestamps. */
export type SeenEvents = Map<string, number>;

/** The log group was deleted (or never existed) when it was read. */
export class LogGroupGoneError extends Error {
  override name = "LogGroupGoneError";
  constructor(
    readonly logGroup: string,
    cause?: unknown,
  ) {
    super(`log group ${logGroup} no longer exists`, { cause });
  }
}

export const DEFAULT_LOG_GROUP_PREFIX = "/aws/lambda/";

/**
 * Keeps platform lines in both log formats and drops most application lines (the parser
 * drops the rest). `?` ORs the terms; terms are case sensitive, and anything that is not
 * letters, digits or `_` must be quoted. START is listed beside INIT_START and
 * RESTORE_START because whether a term matches inside `INIT_START` is not documented.
 * JSON-format events carry their type as `"type":"platform.report"` etc.; term patterns
 * cannot be OR-ed with a `{ $.type = ... }` JSON pattern, so the types are quoted terms.
 * Only the types the parser counts are listed (runtimeDone, extension, ... are skipped).
 */
export const PLATFORM_FILTER_PATTERN = [
  "?REPORT",
  "?START",
  "?INIT_START",
  "?INIT_REPORT",
  "?RESTORE_START",
  "?RESTORE_REPORT",
  '?"Task timed out"',
  '?"platform.initStart"',
  '?"platform.initReport"',
  '?"platform.start"',
  '?"platform.report"',
  '?"platform.restoreStart"',
  '?"platform.restoreReport"',
].join(" ");

const DEFAULTS = { pageLimit: 10_000, maxRetries: 8, retryBaseMs: 250 };

function policyFor(opts: CloudWatchOptions): RetryPolicy {
  return {
    limiter: opts.rateLimiter ?? sharedLogsLimiter,
    maxRetries: opts.maxRetries ?? DEFAULTS.maxRetries,
    baseMs: opts.retryBaseMs ?? DEFAULTS.retryBaseMs,
    onThrottle: opts.onThrottle,
  };
}

function clientConfig(opts: CloudWatchOptions) {
  // the SDK warns on every run, in eight lines on stderr, that versions published after
  // January 2027 will need Node 22; the versions package-lock.json pins run on Node 20
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  return {
    region: opts.region,
    profile: opts.profile,
    endpoint: opts.endpoint,
    credentials: opts.credentials,
    // requestTimeout only logs a warning unless throwOnRequestTimeout is set
    requestHandler: { connectionTimeout: 10_000, requestTimeout: 120_000, throwOnRequestTimeout: true },
  };
}

/** Retries are ours (withRetries): the SDK makes exactly one attempt per send. */
export function createLogsClient(opts: CloudWatchOptions = {}): CloudWatchLogsClient {
  return new CloudWatchLogsClient({ ...clientConfig(opts), maxAttempts: 1 });
}

/** A handful of calls per function: the SDK's standard retry (3 attempts) is enough here. */
export function createLambdaClient(opts: CloudWatchOptions = {}): LambdaClient {
  return new LambdaClient({ ...clientConfig(opts), maxAttempts: 3 });
}

/** Up to this many `functions`, each group is looked up by its own name; beyond, the prefix is listed once. */
const PER_FUNCTION_LOOKUP_MAX = 10;

/** DescribeLogGroups with logGroupNamePrefix, every page. Sorted by name. */
export async function listLogGroups(client: CloudWatchLogsClient, opts: CloudWatchOptions = {}): Promise<LogGroupInfo[]> {
  const prefix = opts.logGroupPrefix ?? DEFAULT_LOG_GROUP_PREFIX;
  const wanted = opts.functions?.length ? new Set(opts.functions.map((f) => prefix + f)) : null;
  const searches = wanted && wanted.size <= PER_FUNCTION_LOOKUP_MAX ? [...wanted] : [prefix];
  const policy = policyFor(opts);
  const found = new Map<string, LogGroupInfo>();
  for (const search of searches) {
    let nextToken: string | undefined;
    do {
      const res = await withRetries("CloudWatch Logs DescribeLogGroups", policy, () =>
        client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: search === "" ? undefined : search, nextToken, limit: 50 })),
      );
      for (const g of res.logGroups ?? []) {
        const name = g.logGroupName;
        if (!name || !name.startsWith(prefix)) continue;
        // a prefix search for "f" also returns "f-2": keep exact names only
        if (wanted && !wanted.has(name)) continue;
        found.set(name, { name, functionName: name.slice(prefix.length) });
      }
      nextToken = res.nextToken;
    } while (nextToken);
  }
  return [...found.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function isExpiredToken(e: unknown): boolean {
  return errorName(e) === "InvalidParameterException" && /token/i.test(errorMessage(e));
}

/** Restarts in a row that yielded nothing new before a bad token is treated as fatal. */
const MAX_FRUITLESS_RESTARTS = 5;
/** Past this many remembered ids, ids older than the checkpoint are forgotten. */
const SEEN_PRUNE_AT = 100_000;

/**
 * Reads one log group's events from a checkpoint (or a start time) up to endTime
 * (inclusive; undefined = now), one batch per non-empty page. Each batch's checkpoint
 * covers every event yielded so far: restarting from it (lastTs inclusive, minus the
 * ids at lastTs) neither misses nor repeats an event, the way `aws logs tail --follow`
 * polls. Throws LogGroupGoneError if the group disappears, RetriesExhaustedError if
 * throttling does not let up.
 *
 * Like `aws logs tail`, a resumed read cannot see events that are ingested late with a
 * timestamp before the checkpoint's: LogGroupFollower reads such a window again.
 */
export async function* readLogGroup(
  client: CloudWatchLogsClient,
  group: string,
  from: Checkpoint | { startTime: number },
  endTime: number | undefined,
  opts: CloudWatchOptions & { seen?: SeenEvents } = {},
): AsyncGenerator<{ events: CloudWatchEvent[]; checkpoint: Checkpoint }> {
  const policy = policyFor(opts);
  const limit = Math.min(Math.max(1, opts.pageLimit ?? DEFAULTS.pageLimit), 10_000);
  const filterPattern = opts.filterPattern ?? PLATFORM_FILTER_PATTERN;
  let lastTs = "lastTs" in from ? from.lastTs : from.startTime;
  let idsAtLastTs = new Set("lastTs" in from ? from.idsAtLastTs : []);
  // every id yielded (or already consumed before the checkpoint), for de-duplication; a
  // caller that reads the same time again on its next call passes its own, and prunes it
  const seen = opts.seen ?? new Map<string, number>();
  for (const id of idsAtLastTs) seen.set(id, lastTs);

  // A pagination chain keeps its start time: a token belongs to the query that made it.
  let chainStart = lastTs;
  // the service rejects startTime > endTime; for a follower that simply means nothing new yet
  if (endTime !== undefined && chainStart > endTime) return;
  let nextToken: string | undefined;
  let fruitlessRestarts = 0;
  for (;;) {
    let res: FilterLogEventsCommandOutput;
    try {
      res = await withRetries(`CloudWatch Logs FilterLogEvents on ${group}`, policy, () =>
        client.send(
          new FilterLogEventsCommand({
            logGroupName: group,
            startTime: chainStart,
            endTime,
            filterPattern: filterPattern === "" ? undefined : filterPattern,
            limit,
            nextToken,
          }),
        ),
      );
    } catch (e) {
      if (errorName(e) === "ResourceNotFoundException") throw new LogGroupGoneError(group, e);
      if (nextToken !== undefined && isExpiredToken(e)) {
        if (++fruitlessRestarts > MAX_FRUITLESS_RESTARTS) throw e;
        // tokens expire (24 h, or sooner): start a new chain at the checkpoint
        nextToken = undefined;
        chainStart = lastTs;
        continue;
      }
      throw e;
    }

    const events: CloudWatchEvent[] = [];
    for (const ev of res.events ?? []) {
      const { eventId, timestamp } = ev;
      if (eventId === undefined || timestamp === undefined) continue;
      if (seen.has(eventId)) continue;
      seen.set(eventId, timestamp);
      events.push({ logGroup: group, logStream: ev.logStreamName ?? "", eventId, timestamp, message: ev.message ?? "" });
      if (timestamp > lastTs) {
        lastTs = timestamp;
        idsAtLastTs = new Set([eventId]);
      } else if (timestamp === lastTs) {
        idsAtLastTs.add(eventId);
      }
    }
    if (events.length > 0) {
      fruitlessRestarts = 0;
      if (!opts.seen && seen.size > SEEN_PRUNE_AT) for (const [id, ts] of seen) if (ts < lastTs) seen.delete(id);
      yield { events, checkpoint: { lastTs, idsAtLastTs: [...idsAtLastTs] } };
    }
    // an empty page with a nextToken is not the end: only a missing token is
    if (!res.nextToken) return;
    nextToken = res.nextToken;
  }
}
