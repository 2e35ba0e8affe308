/**
 * Where each poll of a live log group starts reading, so that an event that reaches
 * CloudWatch up to `latencyMs` after its timestamp is still read, without reading the
 * whole latency window again at every poll.
 *
 * Level k covers events up to L(k) = min(latency, 2 · poll · 2^k) late and runs every 2^k
 * polls, reading from (its previous run's start − L(k)). An event D late is then read by
 * the first run, after it became visible, of the lowest level with L(k) >= D: about D after
 * it arrives, and at the next poll when D is under two polls. Each level reads about three
 * times the events of one poll interval per poll, so an event is read about three times
 * per level (log2(latency / poll) levels) instead of latency / poll times; on-time events
 * are read at the first poll after they arrive, whatever the latency.
 *
 * Correctness does not depend on when polls run, only on each level reading from its
 * previous start − L(k): if run i is the first of a level to start after the event became
 * visible (t + D), run i − 1 started before it, so run i reads from at most t + D − L(k) <= t.
 */
export class TrailingWindows {
  private readonly levels: { lateMs: number; every: number; lastAt: number | null }[] = [];
  private polls = 0;

  constructor(
    pollMs: number,
    readonly latencyMs: number,
  ) {
    for (let k = 0; ; k++) {
      const lateMs = Math.min(latencyMs, 2 * pollMs * 2 ** k);
      this.levels.push({ lateMs, every: 2 ** k, lastAt: null });
      if (lateMs >= latencyMs) break;
    }
  }

  /** True until a first poll has finished: that one reads from the resume point. */
  get first(): boolean {
    return this.levels[0].lastAt === null;
  }

  /** The earliest timestamp the next poll must read from (after the first one). */
  nextStart(): number {
    let start = Infinity;
    for (const l of this.due()) start = Math.min(start, l.lastAt! - l.lateMs);
    return start;
  }

  /** The poll that began at `startedAt` read through to the end: its levels are swept to then. */
  swept(startedAt: number): void {
    for (const l of this.first ? this.levels : this.due()) l.lastAt = startedAt;
    this.polls++;
  }

  /**
   * Every event at most `latencyMs` late with a timestamp before this has been read
   * (null before the first poll has finished).
   */
  safeBefore(): number | null {
    if (this.first) return null;
    return Math.min(...this.levels.map((l) => l.lastAt! - l.lateMs));
  }

  private due() {
    return this.levels.filter((l) => this.polls % l.every === 0);
  }
}
