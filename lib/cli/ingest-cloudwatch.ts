import { parseSince } from "./summary-options";
import type { Store } from "../store/store";
import { withStore } from "./with-store";
import { ingestCloudwatch, type GroupResult } from "../pipeline/ingest-cloudwatch";
import { RetriesExhaustedError } from "../sources/cloudwatch";

interface Flags {
  function?: string[];
  region?: string;
  profile?: string;
  "log-group-prefix"?: string;
  since?: string;
  follow?: string;
  endpoint?: string;
  json?: boolean;
}

function line(r: GroupResult): string {
  const gone = r.status === "gone" ? " (log group disappeared; kept what was read)" : "";
  return `${r.logGroup}: ${r.events.toLocaleString("en-US")} events, ${r.stored.toLocaleString("en-US")} invocations stored, ${r.duplicates.toLocaleString("en-US")} duplicates${gone}`;
}

/** `lambdalens ingest --cloudwatch`: one pass, or with --follow a pass every N seconds until stopped. */
export async function cloudwatchIngestCommand(v: Flags): Promise<number> {
  let since: number;
  let followMs: number | null = null;
  try {
    since = parseSince(v.since ?? "24h", "--since");
    if (v.follow !== undefined) {
      const s = Number(v.follow);
      if (!(s >= 1)) throw new Error(`--follow: expected seconds between polls (at least 1), got '${v.follow}'`);
      followMs = s * 1000;
    }
  } catch (e) {
    process.stderr.write(`lambdalens ingest: ${(e as Error).message}\n`);
    return 2;
  }
  return withStore("ingest", (store) => ingestLoop(store, v, since, followMs));
}

async function ingestLoop(store: Store, v: Flags, since: number, followMs: number | null): Promise<number> {
  let stop = false;
  const onSignal = () => {
    stop = true;
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const log = (l: string) => process.stderr.write(`${l}\n`);
  try {
    do {
      const results = await ingestCloudwatch(store, {
        region: v.region,
        profile: v.profile,
        endpoint: v.endpoint,
        logGroupPrefix: v["log-group-prefix"],
        functions: v.function,
        since,
        log,
        onThrottle: (ms) => log(`CloudWatch Logs throttled the request; waiting ${ms} ms`),
      });
      if (v.json) process.stdout.write(JSON.stringify({ logGroups: results }) + "\n");
      else for (const r of results) process.stdout.write(line(r) + "\n");
      if (followMs === null) break;
      for (let waited = 0; waited < followMs && !stop; waited += 250) await new Promise((r) => setTimeout(r, 250));
    } while (!stop);
    return 0;
  } catch (e) {
    if (e instanceof RetriesExhaustedError) {
      process.stderr.write(`lambdalens ingest: ${e.message}\n`);
      return 1;
    }
    const name = (e as { name?: string }).name ?? "";
    if (/Credentials|ExpiredToken|UnrecognizedClient|InvalidSignature|AccessDenied/i.test(name + (e as Error).message)) {
      process.stderr.write(
        `lambdalens ingest: AWS refused the request (${name}: ${(e as Error).message}). Check --profile / AWS credentials (expired session tokens need a fresh login) and permissions logs:DescribeLogGroups, logs:FilterLogEvents.\n`,
      );
      return 1;
    }
    throw e;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
