import type { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { readLogGroup, type Checkpoint, type CloudWatchEvent, type CloudWatchOptions, type SeenEvents } from "../cloudwatch";
import { TrailingWindows } from "./trailing-windows";

/** How late an event may reach CloudWatch and still be read by a follower (`--latency`). */
export const DEFAULT_LATENCY_MS = 5 * 60_000;

export interface FollowTiming {
  /** Time between polls: sets how often each trailing window is read again. */
  pollMs: number;
  latencyMs: number;
  now?: () => number;
}

/**
 * Reads one log group poll after poll, each up to now, reading trailing windows again
 * (TrailingWindows) so events that arrive late, up to `latencyMs`, are read too. Events
 * read before are dropped by id; a restart from a checkpoint reads some again, which the
 * store counts as duplicates, never twice.
 *
 * The checkpoint that comes with each batch is where a restart must read from: the
 * earlier of the newest event read and the point before which every event at most
 * `latencyMs` late has been read. The first makes a restart with idle log groups cheap and
 * keeps a clock that runs ahead of the events' clock from losing them.
 */
export class LogGroupFollower {
  private readonly seen: SeenEvents = new Map();
  private readonly windows: TrailingWindows;
  private readonly now: () => number;
  /** The newest event read (or the checkpoint resumed from). */
  private newest: Checkpoint | null;
  private safe: Checkpoint | { startTime: number };

  constructor(
    readonly group: string,
    from: Checkpoint | { startTime: number },
    timing: FollowTiming,
  ) {
    this.windows = new TrailingWindows(timing.pollMs, timing.latencyMs);
    this.now = timing.now ?? Date.now;
    this.safe = from;
    this.newest = "lastTs" in from ? { lastTs: from.lastTs, idsAtLastTs: [...from.idsAtLastTs] } : null;
    if ("lastTs" in from) for (const id of from.idsAtLastTs) this.seen.set(id, from.lastTs);
  }

  /** The timestamp of the newest event read, if any. */
  get newestTs(): number | null {
    return this.newest?.lastTs ?? null;
  }

  /** Where a restart reads from now (a checkpoint, or the start time given). */
  get checkpoint(): Checkpoint | { startTime: number } {
    return this.safe;
  }

  /**
   * One poll: the events not read before, in batches, each with the checkpoint to store
   * with it. After the last batch `checkpoint` may have moved on further (with the clock).
   */
  async *poll(client: CloudWatchLogsClient, endTime: number | undefined, opts: CloudWatchOptions): AsyncGenerator<{ events: CloudWatchEvent[]; checkpoint: Checkpoint | { startTime: number } }> {
    const startedAt = this.now();
    const first = this.windows.first;
    // the first poll reads from the resume point; later ones from the windows due, but never
    // after the newest event read (a clock ahead of the events' would skip some)
    const from = first ? this.safe : { startTime: Math.min(this.windows.nextStart(), this.newest?.lastTs ?? Infinity) };
    // before this poll has read through, only the first poll's reading order vouches for more
    const vouched = first ? startedAt - this.windows.latencyMs : (this.windows.safeBefore() ?? -Infinity);
    for await (const page of readLogGroup(client, this.group, from, endTime, { ...opts, seen: this.seen })) {
      for (const e of page.events) this.noteNewest(e);
      this.advance(vouched, endTime);
      yield { events: page.events, checkpoint: this.safe };
    }
    this.windows.swept(startedAt);
    this.advance(this.windows.safeBefore()!, endTime);
  }

  private noteNewest(e: CloudWatchEvent): void {
    if (this.newest === null || e.timestamp > this.newest.lastTs) this.newest = { lastTs: e.timestamp, idsAtLastTs: [e.eventId] };
    else if (e.timestamp === this.newest.lastTs) this.newest.idsAtLastTs.push(e.eventId);
  }

  /**
   * Moves the checkpoint to min(vouched, newest event read), never back, and forgets the
   * ids before it: every later read starts at or after it.
   */
  private advance(vouched: number, endTime: number | undefined): void {
    const ts = Math.min(vouched, this.newest?.lastTs ?? vouched, endTime ?? Infinity);
    if (!Number.isFinite(ts) || ts <= ("lastTs" in this.safe ? this.safe.lastTs : this.safe.startTime)) return;
    const ids: string[] = [];
    for (const [id, t] of this.seen) {
      if (t < ts) this.seen.delete(id);
      else if (t === ts) ids.push(id);
    }
    this.safe = { lastTs: ts, idsAtLastTs: ids };
  }
}
