import { readFile } from "node:fs/promises";
import { parseDuration, parsePositiveInt, UsageError } from "./args";
import { isArchitecture, mergePrices } from "../metrics/prices";
import type { SummaryOptions } from "../metrics/summary";
import { DEFAULT_ACCOUNT_LIMIT } from "../metrics/limits";
import type { CommandLineOptions } from "../store/report-options";

/** The flags analyze and report share, as parseArgs options. */
export const SUMMARY_FLAGS = {
  architecture: { type: "string" },
  region: { type: "string" },
  prices: { type: "string" },
  "free-tier": { type: "boolean" },
  "concurrency-limit": { type: "string" },
  bucket: { type: "string" },
} as const;

export const SUMMARY_FLAGS_HELP = `  --architecture ARCH        x86_64 (default) or arm64, for prices
  --region R                 region the prices are for (built-in: us-east-1 list prices)
  --prices FILE              JSON price table overriding the built-in one
  --free-tier                apply the monthly free tier to the monthly projection
  --concurrency-limit N      account limit to measure headroom against where a function has
                             no reserved concurrency (report: reserved concurrency first,
                             else this, else the stored setting, the Lambda API's, 1000)
  --bucket DURATION          Little's Law bucket (default 60s)`;

interface Flags {
  architecture?: string;
  region?: string;
  prices?: string;
  "free-tier"?: boolean;
  "concurrency-limit"?: string;
  bucket?: string;
}

/** What the command line says, and nothing it does not: report lays it over the stored settings. */
export async function commandLineOptions(v: Flags): Promise<CommandLineOptions & { region?: string }> {
  const architecture = v.architecture;
  if (architecture !== undefined && !isArchitecture(architecture)) throw new UsageError(`--architecture: expected x86_64 or arm64, got '${architecture}'`);
  let prices: unknown;
  if (v.prices !== undefined) {
    try {
      prices = JSON.parse(await readFile(v.prices, "utf8"));
      mergePrices(prices);
    } catch (e) {
      throw new UsageError(`--prices ${v.prices}: ${(e as Error).message}`);
    }
  }
  return {
    architecture,
    region: v.region,
    prices,
    freeTier: v["free-tier"] === true ? true : undefined,
    concurrencyLimit: v["concurrency-limit"] === undefined ? undefined : parsePositiveInt(v["concurrency-limit"], "--concurrency-limit"),
    bucketMs: v.bucket === undefined ? undefined : parseDuration(v.bucket, "--bucket"),
  };
}

/** analyze: the command line over the built-in defaults (no database to hold settings). */
export async function summaryOptionsFrom(v: Flags): Promise<SummaryOptions & { region: string }> {
  const c = await commandLineOptions(v);
  return {
    architecture: c.architecture ?? "x86_64",
    region: c.region ?? "us-east-1",
    prices: mergePrices(c.prices),
    freeTier: c.freeTier ?? false,
    concurrencyLimit: c.concurrencyLimit ?? DEFAULT_ACCOUNT_LIMIT,
    concurrencyLimitFrom: c.concurrencyLimit === undefined ? "default" : "command-line",
    bucketMs: c.bucketMs ?? 60_000,
  };
}

/** `24h`, `7d` (before now) or an ISO time, to epoch ms. */
export function parseSince(v: string, flag: string, now = Date.now()): number {
  if (/^\d+(\.\d+)?(ms|s|m|h|d)$/.test(v)) return now - parseDuration(v, flag);
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new UsageError(`${flag}: expected a duration like 24h or 7d, or an ISO time, got '${v}'`);
  return t;
}
