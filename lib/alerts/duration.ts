const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `30s`, `5m`, `1h`, `1d` (a bare number is seconds) to milliseconds, or null when unreadable. */
export function parseDurationMs(v: string | number): number | null {
  if (typeof v === "number") return Number.isFinite(v) && v > 0 ? v * 1000 : null;
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/.exec(v.trim());
  if (!m) return null;
  const ms = parseFloat(m[1]) * (m[2] === "ms" ? 1 : UNITS[m[2] ?? "s"]);
  return ms > 0 ? ms : null;
}

/** 300000 → "5m", 5400000 → "90m": the shortest whole unit, for messages and rules files. */
export function formatDuration(ms: number): string {
  for (const [u, f] of [["d", 86_400_000], ["h", 3_600_000], ["m", 60_000], ["s", 1000]] as const) if (ms % f === 0) return `${ms / f}${u}`;
  return `${ms}ms`;
}
