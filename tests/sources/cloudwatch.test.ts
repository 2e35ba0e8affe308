import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import {
  createLambdaClient,
  createLogsClient,
  fetchAccountConcurrencyLimit,
  fetchFunctionFacts,
  listLogGroups,
  LogGroupGoneError,
  PLATFORM_FILTER_PATTERN,
  RateLimiter,
  readLogGroup,
  RetriesExhaustedError,
  type Checkpoint,
  type CloudWatchEvent,
  type CloudWatchOptions,
} from "../../lib/sources/cloudwatch";
import { FakeAws, parseFilterPattern, type FakeAwsOptions } from "../fakes/aws-endpoint";

const G = "/aws/lambda/orders";

let fake: FakeAws;
let server: { url: string; close(): Promise<void> } | undefined;
let logs: CloudWatchLogsClient;
let opts: CloudWatchOptions;
let throttleWaits: number[];

async function boot(fakeOpts: FakeAwsOptions = {}) {
  logs?.destroy();
  await server?.close();
  fake = new FakeAws(fakeOpts);
  server = await fake.start();
  throttleWaits = [];
  opts = {
    region: "us-east-1",
    endpoint: server.url,
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    // fast pacing for tests; the default shared 5/s limiter has its own test below
    rateLimiter: new RateLimiter(1000),
    retryBaseMs: 2,
    onThrottle: (ms) => throttleWaits.push(ms),
  };
  logs = createLogsClient(opts);
}

beforeEach(() => boot());
afterEach(async () => {
  logs?.destroy();
  await server?.close();
  server = undefined;
});

/** Events t0, t0+1, ... with distinct messages that all pass the platform filter. */
function reports(n: number, t0: number, tag: string) {
  return Array.from({ length: n }, (_, i) => ({ timestamp: t0 + i, message: `REPORT RequestId: ${tag}-${i}\tDuration: 1.00 ms\n` }));
}

async function drain(gen: AsyncGenerator<{ events: CloudWatchEvent[]; checkpoint: Checkpoint }>) {
  const events: CloudWatchEvent[] = [];
  const batches: { events: CloudWatchEvent[]; checkpoint: Checkpoint }[] = [];
  for await (const b of gen) {
    batches.push(b);
    events.push(...b.events);
  }
  return { events, batches, checkpoint: batches.at(-1)?.checkpoint };
}

describe("listLogGroups", () => {
  it("pages through DescribeLogGroups and keeps only the prefix's groups", async () => {
    for (const f of ["a", "a-2", "b", "c", "d"]) fake.createLogGroup(`/aws/lambda/${f}`);
    fake.createLogGroup("/ecs/web");
    const groups = await listLogGroups(logs, opts);
    expect(groups).toEqual([
      { name: "/aws/lambda/a", functionName: "a" },
      { name: "/aws/lambda/a-2", functionName: "a-2" },
      { name: "/aws/lambda/b", functionName: "b" },
      { name: "/aws/lambda/c", functionName: "c" },
      { name: "/aws/lambda/d", functionName: "d" },
    ]);
    // 5 groups, 2 per page
    expect(fake.count("DescribeLogGroups")).toBe(3);
    expect(fake.requests[0].input.logGroupNamePrefix).toBe("/aws/lambda/");
  });

  it("restricted to named functions: exact names only, missing ones skipped", async () => {
    for (const f of ["a", "a-2", "a-3", "b"]) fake.createLogGroup(`/aws/lambda/${f}`);
    const groups = await listLogGroups(logs, { ...opts, functions: ["a", "b", "nope"] });
    expect(groups).toEqual([
      { name: "/aws/lambda/a", functionName: "a" },
      { name: "/aws/lambda/b", functionName: "b" },
    ]);
  });

  it("more than 10 functions: one listing of the prefix, filtered", async () => {
    const names = Array.from({ length: 12 }, (_, i) => `fn-${String(i).padStart(2, "0")}`);
    for (const f of names) fake.createLogGroup(`/aws/lambda/${f}`);
    fake.createLogGroup("/aws/lambda/fn-00-extra");
    const groups = await listLogGroups(logs, { ...opts, functions: [...names.slice(0, 11), "absent"] });
    expect(groups.map((g) => g.functionName)).toEqual(names.slice(0, 11));
    expect(new Set(fake.requests.map((r) => r.input.logGroupNamePrefix))).toEqual(new Set(["/aws/lambda/"]));
    // 13 groups, 2 per page
    expect(fake.count("DescribeLogGroups")).toBe(7);
  });

  it("honours a custom prefix", async () => {
    fake.createLogGroup("/custom/fn-x");
    fake.createLogGroup("/aws/lambda/fn-y");
    expect(await listLogGroups(logs, { ...opts, logGroupPrefix: "/custom/" })).toEqual([{ name: "/custom/fn-x", functionName: "fn-x" }]);
  });
});

describe("readLogGroup", () => {
  it("reads every event across empty pages that still carry a nextToken", async () => {
    const ids = [...fake.addEvents(G, "2024/05/01/[$LATEST]aaa", reports(6, 1000, "a")), ...fake.addEvents(G, "2024/05/01/[$LATEST]bbb", reports(5, 1003, "b"))];
    const { events, checkpoint } = await drain(readLogGroup(logs, G, { startTime: 0 }, undefined, opts));
    expect(events).toHaveLength(11);
    expect(new Set(events.map((e) => e.eventId))).toEqual(new Set(ids));
    // ordered by time, then stream
    expect(events.map((e) => e.timestamp)).toEqual([1000, 1001, 1002, 1003, 1003, 1004, 1004, 1005, 1005, 1006, 1007]);
    expect(events[3]).toMatchObject({ logGroup: G, logStream: "2024/05/01/[$LATEST]aaa", message: "REPORT RequestId: a-3\tDuration: 1.00 ms\n" });
    expect(checkpoint).toEqual({ lastTs: 1007, idsAtLastTs: [events[10].eventId] });
    // 1 leading empty page + 4 data pages of <=3 + 1 empty page after every 2 data pages
    expect(fake.emptyPagesServed).toBe(2);
    expect(fake.count("FilterLogEvents")).toBe(6);
    const first = fake.requests[0].input;
    expect(first).toMatchObject({ logGroupName: G, startTime: 0, filterPattern: PLATFORM_FILTER_PATTERN, limit: 10000 });
    expect(first.endTime).toBeUndefined();
  });

  it("a checkpoint past endTime reads nothing and sends nothing", async () => {
    fake.addEvents(G, "s", reports(3, 100, "e"));
    const { events } = await drain(readLogGroup(logs, G, { lastTs: 500, idsAtLastTs: ["x"] }, 400, opts));
    expect(events).toEqual([]);
    expect(fake.count()).toBe(0);
  });

  it("a leading empty page with a token is not the end, even for a group with no match", async () => {
    fake.addEvents(G, "s", [{ timestamp: 5, message: "hello from the app\n" }]);
    const { events, checkpoint } = await drain(readLogGroup(logs, G, { startTime: 0 }, undefined, opts));
    expect(events).toEqual([]);
    expect(checkpoint).toBeUndefined();
    expect(fake.count("FilterLogEvents")).toBe(2);
  });

  it("passes startTime/endTime (inclusive) to the service", async () => {
    fake.addEvents(G, "s", reports(10, 100, "x"));
    const { events } = await drain(readLogGroup(logs, G, { startTime: 102 }, 105, opts));
    expect(events.map((e) => e.timestamp)).toEqual([102, 103, 104, 105]);
    expect(fake.requests[0].input).toMatchObject({ startTime: 102, endTime: 105 });
  });

  it("restart from any batch's checkpoint: same-millisecond events on both sides of a page boundary, no miss, no repeat", async () => {
    // sorted: 1000/s1 | 2000/s1 2000/s1 | 2000/s2 2000/s2 2000/s2 | 3000/s1; pages of 3
    const all = [
      ...fake.addEvents(G, "s1", [{ timestamp: 1000, message: "START RequestId: r0\n" }]),
      ...fake.addEvents(G, "s1", [
        { timestamp: 2000, message: "START RequestId: r1\n" },
        { timestamp: 2000, message: "REPORT RequestId: r1\n" },
      ]),
      ...fake.addEvents(G, "s2", [
        { timestamp: 2000, message: "START RequestId: r2\n" },
        { timestamp: 2000, message: "REPORT RequestId: r2\n" },
        { timestamp: 2000, message: "START RequestId: r3\n" },
      ]),
      ...fake.addEvents(G, "s1", [{ timestamp: 3000, message: "REPORT RequestId: r0\n" }]),
    ];
    const full = await drain(readLogGroup(logs, G, { startTime: 0 }, undefined, opts));
    expect(full.events.map((e) => e.eventId)).toEqual([all[0], all[1], all[2], all[3], all[4], all[5], all[6]]);
    expect(full.batches.map((b) => b.events.length)).toEqual([3, 3, 1]);
    // the checkpoint after batch 1 holds the two ids at 2000 it has seen; after batch 2, all five
    expect(full.batches[0].checkpoint).toEqual({ lastTs: 2000, idsAtLastTs: [all[1], all[2]] });
    expect(full.batches[1].checkpoint).toEqual({ lastTs: 2000, idsAtLastTs: [all[1], all[2], all[3], all[4], all[5]] });

    for (let k = 1; k <= full.batches.length; k++) {
      // consume k batches, then "crash" and resume from the last checkpoint (round-tripped as JSON)
      const seen: string[] = [];
      let cp: Checkpoint | undefined;
      let n = 0;
      for await (const b of readLogGroup(logs, G, { startTime: 0 }, undefined, opts)) {
        seen.push(...b.events.map((e) => e.eventId));
        cp = b.checkpoint;
        if (++n === k) break;
      }
      const before = fake.count("FilterLogEvents");
      const resumed = await drain(readLogGroup(logs, G, JSON.parse(JSON.stringify(cp)) as Checkpoint, undefined, opts));
      seen.push(...resumed.events.map((e) => e.eventId));
      expect(seen, `resume after ${k} batches`).toEqual(all);
      expect(fake.requests[before].input.startTime).toBe(cp!.lastTs);
    }
  });

  it("follow: a second read from the checkpoint picks up only what arrived since, including the same millisecond", async () => {
    fake.addEvents(G, "s1", reports(4, 1000, "a"));
    const first = await drain(readLogGroup(logs, G, { startTime: 0 }, undefined, opts));
    expect(first.events).toHaveLength(4);
    expect(first.checkpoint!.lastTs).toBe(1003);

    const late = fake.addEvents(G, "s2", [{ timestamp: 1003, message: "REPORT RequestId: late\n" }]);
    const newer = fake.addEvents(G, "s1", reports(3, 1004, "b"));
    const second = await drain(readLogGroup(logs, G, first.checkpoint!, undefined, opts));
    expect(second.events.map((e) => e.eventId)).toEqual([...late, ...newer]);
    expect(second.checkpoint!.lastTs).toBe(1006);

    // nothing new: no events, no batch
    const third = await drain(readLogGroup(logs, G, second.checkpoint!, undefined, opts));
    expect(third.events).toEqual([]);
  });

  it("de-duplicates by eventId when the service repeats events across pages", async () => {
    await boot({ repeatBoundaryEvents: true });
    const ids = fake.addEvents(G, "s", reports(7, 1, "d"));
    const { events } = await drain(readLogGroup(logs, G, { startTime: 0 }, undefined, opts));
    // pages [1 2 3] [3 4 5] [5 6 7]: two events were sent twice
    expect(fake.eventsServed).toBe(9);
    expect(events.map((e) => e.eventId)).toEqual(ids);
  });

  it("throttling: backs off, retries and succeeds; every retry is counted", async () => {
    fake.addEvents(G, "s", reports(5, 1, "t"));
    fake.throttleNext(3);
    const { events } = await drain(readLogGroup(logs, G, { startTime: 0 }, undefined, opts));
    expect(events).toHaveLength(5);
    expect(fake.count("FilterLogEvents", "ThrottlingException")).toBe(3);
    // 3 throttled + leading empty + 2 data pages
    expect(fake.count("FilterLogEvents")).toBe(6);
    expect(throttleWaits).toHaveLength(3);
    // equal jitter over 2, 4, 8 ms steps
    expect(throttleWaits[0]).toBeGreaterThanOrEqual(1);
    expect(throttleWaits[0]).toBeLessThanOrEqual(2);
    expect(throttleWaits[2]).toBeGreaterThanOrEqual(4);
    expect(throttleWaits[2]).toBeLessThanOrEqual(8);
  });

  it("5xx: retried like throttling", async () => {
    fake.addEvents(G, "s", reports(2, 1, "f"));
    fake.failNext(2, 503);
    const { events } = await drain(readLogGroup(logs, G, { startTime: 0 }, undefined, opts));
    expect(events).toHaveLength(2);
    expect(fake.count("FilterLogEvents", "ServiceUnavailableException")).toBe(2);
    expect(throttleWaits).toHaveLength(2);
  });

  it("gives up after maxRetries with a clear error", async () => {
    fake.addEvents(G, "s", reports(2, 1, "g"));
    fake.throttleNext(100);
    const err = await drain(readLogGroup(logs, G, { startTime: 0 }, undefined, { ...opts, maxRetries: 2 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetriesExhaustedError);
    expect((err as RetriesExhaustedError).attempts).toBe(3);
    expect((err as Error).message).toMatch(/FilterLogEvents on \/aws\/lambda\/orders: gave up after 3 attempts \(last: ThrottlingException: Rate exceeded\)/);
    expect((err as Error).message).toMatch(/quota/);
    expect(fake.count("FilterLogEvents")).toBe(3);
  });

  it("a refused connection (an endpoint restarting) is retried like a 5xx", async () => {
    fake.addEvents(G, "s", reports(2, 1, "r"));
    const port = Number(new URL(server!.url).port);
    await server!.close();
    let restarted: Promise<unknown> | null = null;
    const refused: string[] = [];
    const { events } = await drain(
      readLogGroup(logs, G, { startTime: 0 }, undefined, {
        ...opts,
        onThrottle: (_ms, e) => {
          refused.push((e as { code?: string }).code ?? "");
          restarted ??= fake.start(port).then((s) => (server = s));
        },
      }),
    );
    await restarted;
    expect(events).toHaveLength(2);
    expect(refused[0]).toBe("ECONNREFUSED");
  });

  it("listing is retried too", async () => {
    fake.createLogGroup("/aws/lambda/x");
    fake.throttleNext(2);
    expect(await listLogGroups(logs, opts)).toEqual([{ name: "/aws/lambda/x", functionName: "x" }]);
    expect(fake.count("DescribeLogGroups")).toBe(3);
  });

  it("a log group deleted mid-read ends that group with LogGroupGoneError; other groups read on", async () => {
    const other = "/aws/lambda/other";
    fake.addEvents(G, "s", reports(9, 1, "gone"));
    fake.addEvents(other, "s", reports(4, 1, "kept"));
    const results: Record<string, { events: number; error?: unknown }> = {};
    for (const g of [G, other]) {
      results[g] = { events: 0 };
      try {
        for await (const b of readLogGroup(logs, g, { startTime: 0 }, undefined, opts)) {
          results[g].events += b.events.length;
          if (g === G) fake.deleteLogGroup(G);
        }
      } catch (e) {
        results[g].error = e;
      }
    }
    expect(results[G].events).toBe(3);
    expect(results[G].error).toBeInstanceOf(LogGroupGoneError);
    expect((results[G].error as LogGroupGoneError).logGroup).toBe(G);
    expect(results[other]).toEqual({ events: 4 });
  });

  it("a group that never existed: LogGroupGoneError at once", async () => {
    const err = await drain(readLogGroup(logs, "/aws/lambda/ghost", { startTime: 0 }, undefined, opts)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LogGroupGoneError);
    expect((err as Error).message).toBe("log group /aws/lambda/ghost no longer exists");
  });

  it("an expired nextToken restarts from the checkpoint: every event once", async () => {
    const ids = fake.addEvents(G, "s", [
      ...reports(4, 100, "a"),
      { timestamp: 104, message: "START RequestId: same-1\n" },
      { timestamp: 104, message: "START RequestId: same-2\n" },
      ...reports(5, 105, "b"),
    ]);
    const got: string[] = [];
    let batches = 0;
    for await (const b of readLogGroup(logs, G, { startTime: 0 }, undefined, opts)) {
      got.push(...b.events.map((e) => e.eventId));
      if (++batches === 2) fake.expireTokens();
    }
    expect(got).toEqual(ids);
    expect(fake.count("FilterLogEvents", "InvalidParameterException")).toBe(1);
    // the restarted chain began at the checkpoint's timestamp
    const rejected = fake.requests.findIndex((r) => r.outcome === "InvalidParameterException");
    expect(fake.requests[rejected + 1].input.startTime).toBe(104);
    expect(fake.requests[rejected + 1].input.nextToken).toBeUndefined();
  });

  it("keeps the same query parameters for every page of a chain", async () => {
    fake.addEvents(G, "s", reports(10, 1, "p"));
    await drain(readLogGroup(logs, G, { startTime: 0 }, 500, opts));
    const filters = fake.requests.filter((r) => r.operation === "FilterLogEvents");
    expect(new Set(filters.map((r) => `${r.input.startTime}|${r.input.endTime}|${r.input.filterPattern}`)).size).toBe(1);
    expect(fake.count("FilterLogEvents", "ok")).toBe(filters.length);
  });
});

describe("PLATFORM_FILTER_PATTERN", () => {
  it("is valid term syntax: every ?term is bare letters/digits/_ or quoted", () => {
    const terms = parseFilterPattern(PLATFORM_FILTER_PATTERN);
    expect(terms.every((t) => t.op === "or")).toBe(true);
    expect(terms.map((t) => t.text)).toContain("platform.report");
    expect(() => parseFilterPattern("?platform.report")).toThrow(/Invalid character/);
    expect(PLATFORM_FILTER_PATTERN.length).toBeLessThanOrEqual(1024);
  });

  it("keeps START/REPORT/INIT/RESTORE/timeout and JSON platform lines; drops application lines", async () => {
    const uuid = "8f507cfc-a1b2-4c3d-9e8f-0123456789ab";
    const keep = [
      `START RequestId: ${uuid} Version: $LATEST\n`,
      `REPORT RequestId: ${uuid}\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\tInit Duration: 200.00 ms\t\n`,
      "INIT_START Runtime Version: python:3.12.v40\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:abc\n",
      "INIT_REPORT Init Duration: 10000.09 ms\tPhase: init\tStatus: timeout\n",
      "RESTORE_START Runtime Version: java:21.v20\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:def\n",
      "RESTORE_REPORT Restore Duration: 317.23 ms\n",
      `2024-05-01T12:00:03.000Z ${uuid} Task timed out after 3.00 seconds\n`,
      '{"time":"2024-05-01T12:00:00.000Z","type":"platform.initStart","record":{"initializationType":"on-demand","phase":"init"}}',
      '{"time":"2024-05-01T12:00:00.100Z","type":"platform.initReport","record":{"initializationType":"on-demand","phase":"init","status":"timeout","metrics":{"durationMs":10000}}}',
      `{"time":"2024-05-01T12:00:00.200Z","type":"platform.start","record":{"requestId":"${uuid}","version":"$LATEST"}}`,
      `{"time":"2024-05-01T12:00:00.300Z","type":"platform.report","record":{"requestId":"${uuid}","metrics":{"durationMs":1.5,"billedDurationMs":2,"memorySizeMB":128,"maxMemoryUsedMB":60}}}`,
      '{"time":"2024-05-01T12:00:00.400Z","type":"platform.restoreStart","record":{"runtimeVersion":"java:21.v20"}}',
      '{"time":"2024-05-01T12:00:00.500Z","type":"platform.restoreReport","record":{"metrics":{"durationMs":317.2}}}',
    ];
    const drop = [
      `END RequestId: ${uuid}\n`,
      `2024-05-01T12:00:00.250Z\t${uuid}\tINFO\tprocessing order 42\n`,
      `[INFO]\t2024-05-01T12:00:00.250Z\t${uuid}\tcharged card\n`,
      "plain print from the handler\n",
      `{"timestamp":"2024-05-01T12:00:00.250Z","level":"INFO","requestId":"${uuid}","message":"order stored"}`,
      "EXTENSION\tName: datadog-agent\tState: Ready\tEvents: [INVOKE, SHUTDOWN]\n",
      '{"time":"2024-05-01T12:00:00.350Z","type":"platform.runtimeDone","record":{"status":"success"}}',
    ];
    const all = [...keep, ...drop].map((message, i) => ({ timestamp: 1000 + i, message }));
    fake.addEvents(G, "s", all);
    const { events } = await drain(readLogGroup(logs, G, { startTime: 0 }, undefined, opts));
    expect(events.map((e) => e.message)).toEqual(keep);
  });

  it('filterPattern "" reads every event', async () => {
    fake.addEvents(G, "s", [
      { timestamp: 1, message: "app line\n" },
      { timestamp: 2, message: "REPORT RequestId: x\n" },
    ]);
    const { events } = await drain(readLogGroup(logs, G, { startTime: 0 }, undefined, { ...opts, filterPattern: "" }));
    expect(events.map((e) => e.message)).toEqual(["app line\n", "REPORT RequestId: x\n"]);
    expect(fake.requests[0].input.filterPattern).toBeUndefined();
  });
});

describe("rate limiting", () => {
  it("the default shared limiter keeps FilterLogEvents at <= 5 requests/s across readers", async () => {
    fake.addEvents(G, "s", reports(6, 1, "r"));
    fake.addEvents("/aws/lambda/two", "s", reports(6, 1, "r"));
    const { rateLimiter: _fast, ...defaults } = opts;
    await Promise.all([drain(readLogGroup(logs, G, { startTime: 0 }, undefined, defaults)), drain(readLogGroup(logs, "/aws/lambda/two", { startTime: 0 }, undefined, defaults))]);
    const times = fake.requests.map((r) => r.at);
    expect(times.length).toBe(6);
    // slots are 200 ms apart; arrival times carry a little network jitter
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1], `gap ${i}`).toBeGreaterThanOrEqual(150);
    expect(times[5] - times[0]).toBeGreaterThanOrEqual(950);
  });

  it("after a throttle every reader sharing the limiter holds off", async () => {
    const limiter = new RateLimiter(1000);
    limiter.holdOff(150);
    const t0 = Date.now();
    await Promise.all([limiter.acquire(), limiter.acquire()]);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(145);
  });
});

describe("Lambda facts", () => {
  it("reads configuration, reserved concurrency and the account limit", async () => {
    fake.setFunction("orders", { runtime: "nodejs20.x", memoryMB: 1024, timeoutSec: 30, architecture: "arm64", reservedConcurrency: 50 });
    fake.setFunction("image-fn", { memoryMB: 2048, timeoutSec: 900 });
    const lambda = createLambdaClient(opts);
    try {
      expect(await fetchFunctionFacts(lambda, "orders")).toEqual({ architecture: "arm64", memoryMB: 1024, timeoutSec: 30, runtime: "nodejs20.x", codeSizeBytes: 1024, reservedConcurrency: 50 });
      // container image: no runtime; no reserved concurrency: null
      expect(await fetchFunctionFacts(lambda, "image-fn")).toEqual({ architecture: "x86_64", memoryMB: 2048, timeoutSec: 900, codeSizeBytes: 1024, reservedConcurrency: null });
      expect(await fetchFunctionFacts(lambda, "missing")).toBeNull();
      // an ARN works as the name too (the SDK percent-encodes it into the path)
      expect((await fetchFunctionFacts(lambda, "arn:aws:lambda:us-east-1:123456789012:function:orders"))?.memoryMB).toBe(1024);
      expect(await fetchAccountConcurrencyLimit(lambda)).toBe(1000);
      expect(fake.count("GetFunctionConfiguration")).toBe(4);
      expect(fake.count("GetFunctionConcurrency")).toBe(3);
      expect(fake.count("GetFunctionConfiguration", "ResourceNotFoundException")).toBe(1);
      expect(fake.requests.find((r) => r.operation === "GetFunctionConfiguration")!.input).toEqual({ FunctionName: "orders" });
    } finally {
      lambda.destroy();
    }
  });

  it("null on AccessDenied, without throwing", async () => {
    fake.setFunction("orders", { runtime: "python3.12", memoryMB: 256 });
    fake.denyLambda(true);
    const lambda = createLambdaClient(opts);
    try {
      expect(await fetchFunctionFacts(lambda, "orders")).toBeNull();
      expect(await fetchAccountConcurrencyLimit(lambda)).toBeNull();
      expect(fake.count(undefined, "AccessDeniedException")).toBe(2);
      // a 403 is not retried by the SDK
      expect(fake.count("GetFunctionConfiguration")).toBe(1);
    } finally {
      lambda.destroy();
    }
  });

  it("a call the endpoint does not implement, or throttles, is null too, and passed on to be said", async () => {
    fake.setFunction("orders", { runtime: "python3.12", memoryMB: 256 });
    fake.failLambda(["GetAccountSettings"], 404, "UnknownOperationException");
    const lambda = createLambdaClient(opts);
    const failures: string[] = [];
    const onFailure = (op: string, e: unknown) => failures.push(`${op}: ${(e as Error).name}`);
    try {
      expect(await fetchAccountConcurrencyLimit(lambda, onFailure)).toBeNull();
      // the function's own calls still work
      expect((await fetchFunctionFacts(lambda, "orders", onFailure))?.memoryMB).toBe(256);
      fake.failLambda(["GetFunctionConfiguration"], 429, "TooManyRequestsException");
      expect(await fetchFunctionFacts(lambda, "orders", onFailure)).toBeNull();
      expect(failures).toEqual(["GetAccountSettings: UnknownOperationException", "GetFunctionConfiguration: TooManyRequestsException"]);
      // the SDK's own retries (3 attempts) were spent on the throttled call
      expect(fake.count("GetFunctionConfiguration", "TooManyRequestsException")).toBe(3);
    } finally {
      fake.failLambda([]);
      lambda.destroy();
    }
  });

  it("only GetFunctionConcurrency denied: the rest of the facts, concurrency unknown", async () => {
    fake.setFunction("orders", { runtime: "python3.12", memoryMB: 256, timeoutSec: 10 });
    fake.denyLambda(true, ["GetFunctionConcurrency"]);
    const lambda = createLambdaClient(opts);
    try {
      const facts = await fetchFunctionFacts(lambda, "orders");
      expect(facts).toEqual({ architecture: "x86_64", memoryMB: 256, timeoutSec: 10, runtime: "python3.12", codeSizeBytes: 1024 });
      expect(facts && "reservedConcurrency" in facts).toBe(false);
    } finally {
      lambda.destroy();
    }
  });
});
