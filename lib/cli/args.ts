import { parseArgs, type ParseArgsConfig } from "node:util";

export class UsageError extends Error {}

/** node:util parseArgs with messages that say what to do. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], options: T, usage: string) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n\n${usage}`);
  }
}

/** `60s`, `5m`, `1h`, `90` (seconds) to milliseconds. */
export function parseDuration(v: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(v.trim());
  if (!m) throw new UsageError(`${flag}: expected a duration like 60s, 5m or 1h, got '${v}'`);
  const n = parseFloat(m[1]);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] ?? "s"]!;
  const ms = n * unit;
  if (!(ms >= 1000)) throw new UsageError(`${flag}: must be at least 1s, got '${v}'`);
  return ms;
}

export function parsePositiveInt(v: string, flag: string): number {
  if (!/^\d+$/.test(v) || Number(v) <= 0) throw new UsageError(`${flag}: expected a whole number above 0, got '${v}'`);
  return Number(v);
}
