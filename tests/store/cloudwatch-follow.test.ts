import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CloudwatchIngester, type CloudWatchIngestOptions } from "../../lib/pipeline/ingest-cloudwatch";
import { followCloudwatch } from "../../lib/pipeline/follow-cloudwatch";
import { RateLimiter } from "../../lib/sources/cloudwatch";
import { reportFromStore } from "../../lib/store/report";
import type { Store } from "../../lib/store/store";
import { FakeAws } from "../fakes/aws-endpoint";
import { LiveTraffic, ManualClock, reportLine, streamName } from "../fakes/live-traffic";
import { KINDS, useTestStore } from "./databases";

const T0 = Date.UTC(2025, 8, 1, 12);
const OPEN = { since: null, until: null };

async function invocations(store: Store, fn?: string): Promise<number> {
  const r = await reportFromStore(store.sql, OPEN, { functionName: fn });
  return r.functions.reduce((a, f) => a + f.invocations, 0);
}

async function storedRows(store: Store): Promise<number> {
  return Number((await store.sql.query<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "invocations"`))[0].n);
}

describe.each(KINDS)("following CloudWatch into %s", (kind) => {
  const store = useTestStore(kind, "each");
  let fake: FakeAws;
  let server: { url: string; port: number; close(): Promise<void> };
  let clock: ManualClock;
  const options = (more: Partial<CloudWatchIngestOptions> = {}): CloudWatchIngestOptions => ({
    region: "us-east-1",
    endpoint: server.url,
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    rateLimiter: new RateLimiter(5000),
    retryBaseMs: 2,
    since: T0,
    pollMs: 2000,
    now: clock.now,
    ...more,
  });

  beforeAll(async () => {
    clock = new ManualClock(T0);
    fake = new FakeAws({ pageSize: 5000, leadingEmptyPage: false, emptyPageEvery: 0, now: () => clock.t });
    server = await fake.start();
  });
  afterAll(async () => {
    await server.close();
  });

  /** Polls every 2 s of the fake clock up to `until`, writing the traffic due before each poll. */
  async function pollUntil(ingester: CloudwatchIngester, until: number, write: (t: number) => void) {
    const polls = [];
    for (; clock.t <= until; clock.t += 2000) {
      write(clock.t);
      polls.push(await ingester.poll());
    }
    return polls;
  }

  it("--follow 2 with streams 0-3 s apart loses nothing; a follower restarted later doubles nothing and reads an event that came 90 s late while it was stopped", async () => {
    clock.t = T0;
    const G = "/aws/lambda/live-orders";
    const traffic = new LiveTraffic(fake, { group: G, streams: 6, skewMs: 3000, everyMs: 500, seed: 3 }, T0);
    const end = T0 + 3 * 60_000;
    const write = (t: number) => traffic.writeUntil(Math.min(t, end));
    const first = new CloudwatchIngester(store(), options({ functions: ["live-orders"] }));
    await pollUntil(first, T0 + 90_000, write);
    first.close();
    // stopped for 40 s; meanwhile an invocation is written that reaches CloudWatch 90 s late
    fake.setStreamDelay(streamName(99), 90_000);
    clock.t += 40_000;
    write(clock.t);
    fake.addEvents(G, streamName(99), [{ timestamp: clock.t - 5000, message: reportLine("00000000-0000-4000-8000-0000000000aa") }]);
    const second = new CloudwatchIngester(store(), options({ functions: ["live-orders"] }));
    const polls = await pollUntil(second, end + 120_000, write);
    second.close();

    expect(traffic.invocations).toBe(2161);
    expect(await invocations(store(), "live-orders")).toBe(traffic.invocations + 1);
    expect(await storedRows(store())).toBe(traffic.invocations + 1);
    // the restart read some events again: counted as duplicates, not stored twice
    expect(polls.reduce((a, p) => a + p.groups[0].duplicates, 0)).toBeGreaterThan(0);
    // what --follow reports as the newest stored event: the last one written
    expect(polls[polls.length - 1].newestEventTs).toBe(traffic.newestTs);
  });

  it("Lambda API calls that fail (unsupported, throttled) never stop log ingestion, and each kind is said once", async () => {
    clock.t = T0;
    const G = "/aws/lambda/facts-fail";
    fake.setFunction("facts-fail", { architecture: "arm64", memoryMB: 512 });
    fake.failLambda(["GetAccountSettings"], 404, "UnknownOperationException");
    const traffic = new LiveTraffic(fake, { group: G, streams: 2, skewMs: 0, everyMs: 1000 }, T0);
    const lines: string[] = [];
    const ingester = new CloudwatchIngester(store(), options({ functions: ["facts-fail"], log: (l) => lines.push(l) }));
    await pollUntil(ingester, T0 + 10_000, (t) => traffic.writeUntil(t));
    // the account call is not implemented here, the function's is: its facts land on its row
    expect(await store().prisma.lambdaFunction.findUnique({ where: { name: "facts-fail" } })).toMatchObject({ architecture: "arm64", memoryMB: 512, accountConcurrencyLimit: null });
    // an hour later the facts are asked again, and now the function calls are throttled too
    fake.failLambda(["GetAccountSettings", "GetFunctionConfiguration"], 429, "TooManyRequestsException");
    clock.t += 3_600_000;
    await pollUntil(ingester, clock.t + 4000, (t) => traffic.writeUntil(t));
    clock.t += 3_600_000;
    await pollUntil(ingester, clock.t + 4000, (t) => traffic.writeUntil(t));
    ingester.close();
    fake.failLambda([]);
    expect(await invocations(store(), "facts-fail")).toBe(traffic.invocations);
    const said = lines.filter((l) => l.startsWith("Lambda API "));
    expect(said).toHaveLength(3);
    expect(said[0]).toMatch(/^Lambda API GetAccountSettings failed \(UnknownOperationException: .*\); log ingestion goes on without what it tells, and this is said once$/);
    expect(said[1]).toMatch(/^Lambda API GetAccountSettings failed \(TooManyRequestsException/);
    expect(said[2]).toMatch(/^Lambda API GetFunctionConfiguration failed \(TooManyRequestsException/);
    // what the API said before stays
    expect(await store().prisma.lambdaFunction.findUnique({ where: { name: "facts-fail" } })).toMatchObject({ architecture: "arm64", memoryMB: 512 });
  });

  it("a log group shared by several functions: each named from its streams, with its own Lambda facts and price", async () => {
    clock.t = T0;
    const G = "/app/shared";
    fake.setFunction("checkout", { architecture: "arm64", memoryMB: 1024, reservedConcurrency: 20 });
    fake.setFunction("emails", { architecture: "x86_64", memoryMB: 256 });
    const traffic = new LiveTraffic(fake, { group: G, streams: 4, skewMs: 0, everyMs: 1000, functionOf: (i) => (i % 2 === 0 ? "checkout" : "emails") }, T0);
    const ingester = new CloudwatchIngester(store(), options({ logGroupPrefix: "/app/" }));
    await pollUntil(ingester, T0 + 20_000, (t) => traffic.writeUntil(t));
    ingester.close();
    const report = await reportFromStore(store().sql, OPEN);
    // streams 0 and 2 (checkout) write 21 and 20 invocations, streams 1 and 3 (emails) 20 each
    expect(report.functions.map((f) => [f.name, f.invocations, f.architecture])).toEqual([
      ["checkout", 41, "arm64"],
      ["emails", 40, "x86_64"],
    ]);
    const rows = await store().prisma.lambdaFunction.findMany({ orderBy: { name: "asc" }, select: { name: true, architecture: true, memoryMB: true, reservedConcurrency: true } });
    expect(rows).toEqual([
      { name: "checkout", architecture: "arm64", memoryMB: 1024, reservedConcurrency: 20 },
      { name: "emails", architecture: "x86_64", memoryMB: 256, reservedConcurrency: null },
    ]);
  });

  it("survives a CloudWatch outage: polls fail while the endpoint is down, and resume where they stopped when it is back", async () => {
    const live = new FakeAws({ pageSize: 5000, leadingEmptyPage: false, emptyPageEvery: 0 });
    let endpoint = await live.start();
    const G = "/aws/lambda/outage";
    const write = (from: number, n: number) =>
      live.addEvents(G, streamName(1), Array.from({ length: n }, (_, i) => ({ timestamp: Date.now() - 1000, message: reportLine(`00000000-0000-4000-8000-${String(from + i).padStart(12, "0")}`) })));
    write(0, 20);
    const stop = new AbortController();
    const outages: number[] = [];
    let recovered = 0;
    let stored = 0;
    let phase: "before" | "down" | "after" = "before";
    const o = { ...options({ functions: ["outage"], now: Date.now, since: Date.now() - 60_000, maxRetries: 1, retryBaseMs: 1 }), endpoint: endpoint.url, pollMs: 20 };
    await followCloudwatch(store(), o, {
      signal: stop.signal,
      onPoll: async (r) => {
        stored += r.groups.reduce((a, g) => a + g.stored, 0);
        if (phase === "before" && stored === 20) {
          phase = "down";
          await endpoint.close();
          write(20, 15);
        } else if (phase === "after" && stored === 35) stop.abort();
      },
      onOutage: async () => {
        outages.push(Date.now());
        // down for many more failed polls than one poll's retries
        if (phase === "down" && outages.length === 10) {
          phase = "after";
          endpoint = await live.start(endpoint.port);
        }
      },
      onRecovered: () => void recovered++,
    });
    await endpoint.close();
    expect(outages.length).toBeGreaterThanOrEqual(10);
    expect(recovered).toBe(1);
    expect(await invocations(store(), "outage")).toBe(35);
  });
});
