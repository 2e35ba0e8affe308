/**
 * Failed logins per client and in all, in a sliding window: past the limit, logins are
 * refused until the window has moved on. In memory: one server process.
 */
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();
  private all: number[] = [];

  constructor(
    private readonly perClient = 10,
    private readonly total = 100,
    private readonly windowMs = 15 * 60_000,
  ) {}

  /** Milliseconds until a login may be tried again, or 0 when it may now. */
  retryAfter(client: string, now = Date.now()): number {
    const mine = this.recent(this.failures.get(client) ?? [], now);
    this.all = this.recent(this.all, now);
    const wait = (list: number[], max: number) => (list.length >= max ? list[list.length - max] + this.windowMs - now : 0);
    return Math.max(wait(mine, this.perClient), wait(this.all, this.total));
  }

  fail(client: string, now = Date.now()): void {
    this.failures.set(client, [...this.recent(this.failures.get(client) ?? [], now), now]);
    this.all.push(now);
    if (this.failures.size > 10_000) this.failures.clear();
  }

  succeed(client: string): void {
    this.failures.delete(client);
  }

  private recent(list: number[], now: number): number[] {
    return list.filter((t) => t > now - this.windowMs);
  }
}
