export const MINUTE_MS = 60_000;
/** The rollup "minute" of invocations whose input carries no time at all. */
export const UNTIMED_MINUTE = -1;

export function minuteOf(ts: number | null): number {
  return ts === null || !Number.isFinite(ts) ? UNTIMED_MINUTE : Math.floor(ts / MINUTE_MS) * MINUTE_MS;
}

/** What an ingest changed, so only those rollups and environments are recomputed. */
export class Touched {
  readonly minutes = new Map<number, Set<number>>();
  readonly environments = new Set<number>();

  addMinute(functionId: number, ts: number | null): void {
    let set = this.minutes.get(functionId);
    if (!set) this.minutes.set(functionId, (set = new Set()));
    set.add(minuteOf(ts));
  }

  get empty(): boolean {
    return this.minutes.size === 0 && this.environments.size === 0;
  }

  clear(): void {
    this.minutes.clear();
    this.environments.clear();
  }
}
