import type { PlatformRecord } from "./types";

/** 1970-01-01 to 9999-12-31: a log time, and one an ISO date can show. */
const MAX_TS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
/** No Lambda phase lasts a day (invocations stop at 15 minutes, inits at the timeout). */
const MAX_DURATION_MS = 24 * 3600 * 1000;
/** Lambda memory is 128 to 10,240 MB; a terabyte is no Lambda's. */
const MAX_MEMORY_MB = 1024 * 1024;

const DURATIONS = [
  ["durationMs", "Duration"],
  ["billedMs", "Billed Duration"],
  ["initMs", "Init Duration"],
  ["restoreMs", "Restore Duration"],
  ["billedRestoreMs", "Billed Restore Duration"],
] as const;

const MEMORY = [
  ["memoryMB", "Memory Size"],
  ["maxMemoryMB", "Max Memory Used"],
] as const;

/** NaN (absent) is fine; anything else must lie in [0, max]. */
const fits = (v: number, max: number): boolean => v !== v || (v >= 0 && v <= max);

/** Every record passes here: plain comparisons, no loops. */
function allFit(r: PlatformRecord): boolean {
  return (
    fits(r.ts, MAX_TS) &&
    fits(r.durationMs, MAX_DURATION_MS) &&
    fits(r.billedMs, MAX_DURATION_MS) &&
    fits(r.initMs, MAX_DURATION_MS) &&
    fits(r.restoreMs, MAX_DURATION_MS) &&
    fits(r.billedRestoreMs, MAX_DURATION_MS) &&
    fits(r.memoryMB, MAX_MEMORY_MB) &&
    fits(r.maxMemoryMB, MAX_MEMORY_MB)
  );
}

/**
 * Why a record's numbers cannot be what they claim to be (a duration of 1e308 ms, a time
 * in the year 10^292), or null when they can. Such values would break every later date
 * and sum they enter, so the line they came from is skipped instead.
 */
export function outOfRange(r: PlatformRecord): string | null {
  if (allFit(r)) return null;
  if (!fits(r.ts, MAX_TS)) return `time ${r.ts} is not a date between 1970 and 9999: line skipped`;
  for (const [key, name] of DURATIONS) {
    if (!fits(r[key], MAX_DURATION_MS)) return `${name} ${r[key]} ms is not a duration (0 to 24 h): line skipped`;
  }
  for (const [key, name] of MEMORY) {
    if (!fits(r[key], MAX_MEMORY_MB)) return `${name} ${r[key]} MB is not a memory size (0 to 1 TB): line skipped`;
  }
  return null;
}
