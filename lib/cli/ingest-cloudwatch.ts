import { parseDuration, UsageError } from "./args";
import { parseSince } from "./summary-options";
import type { Store } from "../store/store";
import { withStore } from "./with-store";
import { describeFailure } from "./failure";
import { ingestCloudwatch, type CloudWatchIngestOptions, type GroupResult, type PollResult } from "../pipeline/ingest-cloudwatch";
import { followCloudwatch } from "../pipeline/follow-cloudwatch";
import { DEFAULT_LATENCY_MS } from "../sources/cloudwatch/log-group-follower";
import { errorLabel, errorMessage } from "../sources/cloudwatch/retry";

interface Flags {
  function?: string[];
  region?: string;
  profile?: string;
  "log-group-prefix"?: string;
  since?: string;
  follow?: string;
  latency?: string;
  endpoint?: string;
  json?: boolean;
}

/** While following, a poll that stored nothing is still reported this often. */
const QUIET_STATUS_MS = 60_000;
/** Retry and outage notices at most this often. */
const NOTICE_EVERY_MS = 30_000;

function line(r: GroupResult): string {
  const gone = r.status === "gone" ? " (log group disappeared; kept what was read)" : "";
  return `${r.logGroup}: ${r.events.toLocaleString("en-US")} events, ${r.stored.toLocaleString("en-US")} invocations stored, ${r.duplicates.toLocaleString("en-US")} duplicates${gone}`;
}

function seconds(ms: number): string {
  return ms < 120_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 60_000)} min`;
}

/** "newest stored event 12:00:01.234Z, 2.1 s behind": how far the data lags the clock. */
export function lagLine(result: PollResult, now: number): string {
  const stored = result.groups.reduce((a, g) => a + g.stored, 0);
  const newest = result.newestEventTs === null ? "no event stored yet" : `newest stored event ${new Date(result.newestEventTs).toISOString()}, ${seconds(Math.max(0, now - result.newestEventTs))} behind`;
  return `follow: ${result.groups.length} log group(s), ${stored.toLocaleString("en-US")} new invocation(s); ${newest}`;
}

function parseLatency(v: string | undefined): number {
  if (v === undefined) return DEFAULT_LATENCY_MS;
  if (/^0+(ms|s|m)?$/.test(v.trim())) return 0;
  return parseDuration(v, "--latency");
}

/** `lambdalens ingest --cloudwatch`: one pass, or with --follow a poll every N seconds until stopped. */
export async function cloudwatchIngestCommand(v: Flags): Promise<number> {
  let since: number;
  let followMs: number | null = null;
  let latencyMs: number;
  try {
    since = parseSince(v.since ?? "24h", "--since");
    if (v.follow !== undefined) {
      const s = Number(v.follow);
      if (!(s >= 1)) throw new UsageError(`--follow: expected seconds between polls (at least 1), got '${v.follow}'`);
      followMs = s * 1000;
    }
    latencyMs = parseLatency(v.latency);
  } catch (e) {
    process.stderr.write(`lambdalens ingest: ${(e as Error).message}\n`);
    return 2;
  }
  return withStore("ingest", (store) => (followMs === null ? once(store, options(v, since, latencyMs, followMs), v.json === true) : follow(store, options(v, since, latencyMs, followMs), followMs, v.json === true)));
}

const log = (l: string) => process.stderr.write(`${l}\n`);

function options(v: Flags, since: number, latencyMs: number, pollMs: number | null): CloudWatchIngestOptions {
  let lastNotice = -Infinity;
  return {
    region: v.region,
    profile: v.profile,
    endpoint: v.endpoint,
    logGroupPrefix: v["log-group-prefix"],
    functions: v.function,
    since,
    latencyMs,
    pollMs: pollMs ?? undefined,
    log,
    onThrottle: (ms, e) => {
      if (Date.now() - lastNotice < NOTICE_EVERY_MS) return;
      lastNotice = Date.now();
      log(`CloudWatch Logs: ${errorLabel(e)}: ${errorMessage(e)}; retrying in ${ms} ms (said at most every ${NOTICE_EVERY_MS / 1000} s)`);
    },
  };
}

function print(groups: GroupResult[], json: boolean): void {
  if (json) process.stdout.write(JSON.stringify({ logGroups: groups }) + "\n");
  else for (const r of groups) process.stdout.write(line(r) + "\n");
}

async function once(store: Store, o: CloudWatchIngestOptions, json: boolean): Promise<number> {
  print(await ingestCloudwatch(store, o), json);
  return 0;
}

async function follow(store: Store, o: CloudWatchIngestOptions, pollMs: number, json: boolean): Promise<number> {
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  let lastStatus = -Infinity;
  let lastOutageNotice = -Infinity;
  try {
    await followCloudwatch(store, { ...o, pollMs }, {
      signal: stop.signal,
      onPoll: (result) => {
        print(result.groups, json);
        const now = Date.now();
        if (result.groups.some((g) => g.stored > 0) || now - lastStatus >= QUIET_STATUS_MS) {
          lastStatus = now;
          log(lagLine(result, now));
        }
      },
      onOutage: (e, since) => {
        const now = Date.now();
        if (now - lastOutageNotice < NOTICE_EVERY_MS) return;
        lastOutageNotice = now;
        log(`follow: a poll failed (${describeFailure(e)}); down for ${seconds(now - since)}, trying again every ${pollMs / 1000} s until it answers (Ctrl-C stops)`);
      },
      onRecovered: (since) => void log(`follow: reading again after ${seconds(Date.now() - since)} down; nothing is missed (reading resumes at the last stored checkpoint)`),
    });
    return 0;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
