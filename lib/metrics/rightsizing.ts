/** Headroom kept above the largest memory seen when suggesting a smaller size. */
const HEADROOM = 1.5;
const STEP_MB = 64;
const MIN_MB = 128;

/**
 * Memory use against memory size. A suggestion is made only when the largest use
 * seen is under half the size; CPU scales with memory, so it is a hint to test, not a
 * setting to apply blindly.
 */
export function rightsizing(memorySizeMB: number | null, maxMemoryUsedMB: number | null): { memoryUtilization: number | null; suggestedMemoryMB: number | null } {
  if (memorySizeMB === null || maxMemoryUsedMB === null || memorySizeMB <= 0) return { memoryUtilization: null, suggestedMemoryMB: null };
  const utilization = Math.round((maxMemoryUsedMB / memorySizeMB) * 1e4) / 1e4;
  if (utilization >= 0.5 || memorySizeMB <= MIN_MB) return { memoryUtilization: utilization, suggestedMemoryMB: null };
  const suggested = Math.max(MIN_MB, Math.ceil((maxMemoryUsedMB * HEADROOM) / STEP_MB) * STEP_MB);
  return { memoryUtilization: utilization, suggestedMemoryMB: suggested < memorySizeMB ? suggested : null };
}
