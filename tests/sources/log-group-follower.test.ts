import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { createLogsClient, RateLimiter, type Checkpoint, type CloudWatchOptions } from "../../lib/sources/cloudwatch";
import { DEFAULT_LATENCY_MS, LogGroupFollower } from "../../lib/sources/cloudwatch/log-group-follower";
import { FakeAws } from "../fakes/aws-endpoint";
import { LiveTraffic, ManualClock, reportLine, streamName } from "../fakes/live-traffic";

const G = "/aws/lambda/orders";
const T0 = Date.UTC(2025, 8, 1, 12);
const POLL_MS = 2000;

let clock: ManualClock;
let fake: FakeAws;
let server: { url: string; close(): Promise<void> };
let logs: CloudWatchLogsClient;
let opts: CloudWatchOptions;

beforeEach(async () => {
  clock = new ManualClock(T0);
  fake = new FakeAws({ pageSize: 10_000, leadingEmptyPage: false, emptyPageEvery: 0, now: clock.now });
  server = await fake.start();
  opts = { region: "us-east-1", endpoint: server.url, credentials: { accessKeyId: "test", secretAccessKey: "test" }, rateLimiter: new RateLimiter(5000), retryBaseMs: 2 };
  logs = createLogsClient(opts);
});
afterEach(async () => {
  logs.destroy();
  await server.close();
});

/** Polls every POLL_MS of the fake clock while `write(t)` adds what is due; the ids read, in order. */
async function follow(f: LogGroupFollower, until: number, write: (t: number) => void = () => undefined) {
  const read: { id: string; at: number }[] = [];
  const checkpoints: (Checkpoint | { startTime: number })[] = [];
  for (; clock.t <= until; clock.t += POLL_MS) {
    write(clock.t);
    for await (const page of f.poll(logs, undefined, opts)) {
      for (const e of page.events) read.push({ id: e.eventId, at: clock.t });
      checkpoints.push(page.checkpoint);
    }
    checkpoints.push(f.checkpoint);
  }
  return { read, ids: read.map((r) => r.id), checkpoints };
}

describe("LogGroupFollower", () => {
  it("a poll every 2 s, streams 0-3 s apart: every event read once; reading only from the newest event loses some", async () => {
    const traffic = new LiveTraffic(fake, { group: G, streams: 8, skewMs: 3000, everyMs: 250, seed: 7 }, T0);
    const f = new LogGroupFollower(G, { startTime: T0 }, { pollMs: POLL_MS, latencyMs: DEFAULT_LATENCY_MS, now: clock.now });
    // five minutes of traffic, then polls until the last late event is there
    const { ids, checkpoints } = await follow(f, T0 + 5 * 60_000 + 10_000, (t) => traffic.writeUntil(Math.min(t, T0 + 5 * 60_000)));
    expect(traffic.written.length).toBe(9601);
    expect(ids.length).toBe(traffic.written.length);
    expect(new Set(ids)).toEqual(new Set(traffic.written));
    // the checkpoint only moves forward, and stays the latency (plus a poll) behind the clock at most
    const ts = checkpoints.map((c) => ("lastTs" in c ? c.lastTs : c.startTime));
    expect(ts).toEqual([...ts].sort((a, b) => a - b));
    // re-reading costs a bounded multiple of the events (about 9 here), far from the 150 of reading the whole window at every poll
    expect(fake.eventsServed / traffic.written.length).toBeLessThan(12);

    // the same traffic read from the newest event each time (latency 0, like `aws logs tail --follow`)
    const naive = new LogGroupFollower("/aws/lambda/naive", { startTime: T0 }, { pollMs: POLL_MS, latencyMs: 0, now: clock.now });
    clock.t = T0;
    const again = new LiveTraffic(fake, { group: "/aws/lambda/naive", streams: 8, skewMs: 3000, everyMs: 250, seed: 7 }, T0);
    const lossy = await follow(naive, T0 + 5 * 60_000 + 10_000, (t) => again.writeUntil(Math.min(t, T0 + 5 * 60_000)));
    expect(lossy.ids.length).toBeLessThan(again.written.length * 0.6);
  });

  it("an event that arrives 90 s late is read about 90 s after it arrives; a restart from any checkpoint since reads it too", async () => {
    const stream = streamName(1);
    fake.addEvents(G, stream, [{ timestamp: T0 + 1000, message: reportLine("on-time") }]);
    fake.setStreamDelay(streamName(2), 90_000);
    clock.t = T0 + 5000;
    const [late] = fake.addEvents(G, streamName(2), [{ timestamp: clock.t, message: reportLine("late") }]);
    const f = new LogGroupFollower(G, { startTime: T0 }, { pollMs: POLL_MS, latencyMs: DEFAULT_LATENCY_MS, now: clock.now });
    const { read, checkpoints } = await follow(f, T0 + 5000 + 200_000);
    const got = read.find((r) => r.id === late);
    expect(got).toBeDefined();
    expect(got!.at - (T0 + 5000 + 90_000)).toBeLessThanOrEqual(64_000 + POLL_MS);
    expect(read.filter((r) => r.id === late)).toHaveLength(1);
    // every checkpoint stored before the late event was read still lets a restart find it
    const before = checkpoints.slice(0, read.indexOf(got!) + 1);
    for (const cp of before) {
      const restarted = new LogGroupFollower(G, JSON.parse(JSON.stringify(cp)), { pollMs: POLL_MS, latencyMs: DEFAULT_LATENCY_MS, now: clock.now });
      const ids: string[] = [];
      for await (const page of restarted.poll(logs, undefined, opts)) ids.push(...page.events.map((e) => e.eventId));
      expect(ids).toContain(late);
    }
  });
});
