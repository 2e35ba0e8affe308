import type { Sql } from "./sql";
import { readSettings } from "./settings";
import { functionFacts, type FunctionFacts } from "./queries/function-facts";
import { DEFAULT_SUMMARY_OPTIONS, type SummaryOptions } from "../metrics/summary";
import { resolveLimit, type ResolvedLimit } from "../metrics/limits";
import { mergePrices, type Architecture } from "../metrics/prices";
import { settingsPrices, type Settings } from "../settings/schema";

/** Flags a user gave on the command line; each one wins over the stored settings. */
export interface CommandLineOptions {
  architecture?: Architecture;
  /** a price table override, laid over the stored one */
  prices?: unknown;
  freeTier?: boolean;
  /** an account limit for every region */
  concurrencyLimit?: number;
  bucketMs?: number;
}

export interface StoredSummaryOptions extends SummaryOptions {
  settings: Settings;
  facts: FunctionFacts[];
  limits: Record<string, ResolvedLimit>;
}

/**
 * The options every figure read from the database is computed with: the stored
 * settings (prices, free tier, account limits) and each function's facts (architecture,
 * reserved concurrency), with the command line's flags over them. `report`, the API,
 * the pages and the alerts all start here, so they agree.
 */
export async function storedSummaryOptions(sql: Sql, cli: CommandLineOptions = {}): Promise<StoredSummaryOptions> {
  const [settings, facts] = await Promise.all([readSettings(sql), functionFacts(sql)]);
  const architectures: Record<string, Architecture> = {};
  const limits: Record<string, ResolvedLimit> = {};
  for (const f of facts) {
    if (f.architecture !== null) architectures[f.name] = f.architecture;
    limits[f.name] = resolveLimit(f, settings, cli.concurrencyLimit);
  }
  return {
    ...DEFAULT_SUMMARY_OPTIONS,
    architecture: cli.architecture ?? DEFAULT_SUMMARY_OPTIONS.architecture,
    architectures,
    prices: cli.prices === undefined ? settingsPrices(settings) : mergePrices(cli.prices, settingsPrices(settings)),
    freeTier: cli.freeTier ?? settings.freeTier,
    concurrencyLimit: cli.concurrencyLimit ?? settings.accountLimits[settings.defaultRegion] ?? DEFAULT_SUMMARY_OPTIONS.concurrencyLimit,
    concurrencyLimitFrom: cli.concurrencyLimit !== undefined ? "command-line" : settings.accountLimits[settings.defaultRegion] !== undefined ? "settings" : "default",
    limits,
    bucketMs: cli.bucketMs ?? DEFAULT_SUMMARY_OPTIONS.bucketMs,
    settings,
    facts,
  };
}
