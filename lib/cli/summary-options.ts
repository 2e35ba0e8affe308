import { readFile } from "node:fs/promises";
import { parseDuration, parsePositiveInt, UsageError } from "./args";
import { isArchitecture, mergePrices } from "../metrics/prices";
import type { SummaryOptions } from "../metrics/summary";

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
  --concurrency-limit N      limit to measure headroom against (default 1000)
  --bucket DURATION          Little's Law bucket (default 60s)`;

interface Flags {
  architecture?: string;
  region?: string;
  prices?: string;
  "free-tier"?: boolean;
  "concurrency-limit"?: string;
  bucket?: string;
}

export async function summaryOptionsFrom(v: Flags): Promise<SummaryOptions & { region: string }> {
  const architecture = v.architecture ?? "x86_64";
  if (!isArchitecture(architecture)) throw new UsageError(`--architecture: expected x86_64 or arm64, got '${architecture}'`);
  let prices = mergePrices(undefined);
  if (v.prices !== undefined) {
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(v.prices, "utf8"));
      prices = mergePrices(raw);
    } catch (e) {
      throw new UsageError(`--prices ${v.prices}: ${(e as Error).message}`);
    }
  }
  return {
    architecture,
    region: v.region ?? "us-east-1",
    prices,
    freeTier: v["free-tier"] === true,
    concurrencyLimit: v["concurrency-limit"] === undefined ? 1000 : parsePositiveInt(v["concurrency-limit"], "--concurrency-limit"),
    bucketMs: v.bucket === undefined ? 60_000 : parseDuration(v.bucket, "--bucket"),
  };
}

/** `24h`, `7d` (before now) or an ISO time, to epoch ms. */
export function parseSince(v: string, flag: string, now = Date.now()): number {
  if (/^\d+(\.\d+)?(ms|s|m|h|d)$/.test(v)) return now - parseDuration(v, flag);
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new UsageError(`${flag}: expected a duration like 24h or 7d, or an ISO time, got '${v}'`);
  return t;
}
