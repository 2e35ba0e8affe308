/** Which concurrency limit a function's headroom is measured against, and where it came from. */
export interface ResolvedLimit {
  limit: number;
  /** reserved concurrency caps the function itself; otherwise it shares its region's account limit */
  kind: "reserved" | "account";
  from: "settings" | "lambda-api" | "command-line" | "default";
}

/** AWS's default account concurrency per region (reference §8). */
export const DEFAULT_ACCOUNT_LIMIT = 1000;

export interface LimitFacts {
  region: string | null;
  reservedConcurrency: number | null;
  reservedConcurrencyOverride: number | null;
  accountConcurrencyLimit: number | null;
}

export interface LimitSettings {
  /** region → account concurrency limit, as set by the user */
  accountLimits: Record<string, number>;
  /** the region of functions whose logs and API facts name none */
  defaultRegion: string;
}

/**
 * Reserved concurrency first (the user's setting, then the Lambda API's), else the
 * account limit of the function's region (the command line's, the user's setting, the
 * Lambda API's, then AWS's default).
 */
export function resolveLimit(f: LimitFacts, s: LimitSettings, commandLine?: number): ResolvedLimit {
  if (f.reservedConcurrencyOverride !== null) return { limit: f.reservedConcurrencyOverride, kind: "reserved", from: "settings" };
  if (f.reservedConcurrency !== null) return { limit: f.reservedConcurrency, kind: "reserved", from: "lambda-api" };
  return accountLimit(f.region ?? s.defaultRegion, s, commandLine, f.accountConcurrencyLimit);
}

export function accountLimit(region: string, s: LimitSettings, commandLine?: number, fromApi?: number | null): ResolvedLimit {
  if (commandLine !== undefined) return { limit: commandLine, kind: "account", from: "command-line" };
  const set = s.accountLimits[region];
  if (set !== undefined) return { limit: set, kind: "account", from: "settings" };
  if (fromApi !== null && fromApi !== undefined) return { limit: fromApi, kind: "account", from: "lambda-api" };
  return { limit: DEFAULT_ACCOUNT_LIMIT, kind: "account", from: "default" };
}

/** "reserved concurrency 100 (Lambda API)": for tables, advice and alert messages. */
export function describeLimit(l: ResolvedLimit): string {
  const what = l.kind === "reserved" ? "reserved concurrency" : "account limit";
  const from = { settings: "settings", "lambda-api": "Lambda API", "command-line": "command line", default: "AWS default" }[l.from];
  return `${what} ${l.limit.toLocaleString("en-US")} (${from})`;
}
