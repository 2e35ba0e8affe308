import { spawn } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeInputs } from "../../lib/pipeline/analyze-inputs";
import { ingestCloudwatch } from "../../lib/pipeline/ingest-cloudwatch";
import { reportFromStore } from "../../lib/store/report";
import { RateLimiter } from "../../lib/sources/cloudwatch";
import type { Store } from "../../lib/store/store";
import { FakeAws } from "../fakes/aws-endpoint";
import { createTestDatabase, KINDS, type TestDatabase } from "./databases";
import { BIN, synthFleet } from "./fleet";
import { expectSameSummary } from "./compare";

const OPEN = { since: null, until: null };
const fleet = synthFleet(["--invocations", "4000", "--functions", "3", "--format", "subscription", "--seed", "3"], "payloads");
const files = readdirSync(fleet.path).map((f) => join(fleet.path, f));
interface Payload {
  logGroup: string;
  logStream: string;
  logEvents: { id: string; timestamp: number; message: string }[];
}
const payloads: Payload[] = files.map((f) => JSON.parse(gunzipSync(readFileSync(f)).toString("utf8")));

describe.each(KINDS)("ingest --cloudwatch into %s", (kind) => {
  let db: TestDatabase;
  let store: Store;
  let fake: FakeAws;
  let server: { url: string; close(): Promise<void> };
  const options = () => ({
    region: "us-east-1",
    endpoint: server.url,
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    rateLimiter: new RateLimiter(2000),
    retryBaseMs: 2,
    since: 0,
  });

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    store = await db.open();
    fake = new FakeAws({ pageSize: 400, emptyPageEvery: 3 });
    server = await fake.start();
  });
  afterAll(async () => {
    await server?.close();
    await store?.close();
    await db?.drop();
  });

  it("reads every group through throttling, checkpoints, and agrees with analyze", async () => {
    // CloudWatch delivers by time: what the first pass sees is everything before `mid`
    const times = payloads.flatMap((p) => p.logEvents.map((e) => e.timestamp)).sort((a, b) => a - b);
    const mid = times[Math.floor(times.length / 2)];
    const part = (before: boolean) => payloads.map((p) => ({ ...p, logEvents: p.logEvents.filter((e) => (e.timestamp < mid) === before) }));
    for (const p of part(true)) fake.addEvents(p.logGroup, p.logStream, p.logEvents);
    fake.setFunction("orders-api", { architecture: "arm64", memoryMB: 512, timeoutSec: 10, runtime: "nodejs22.x", reservedConcurrency: 50 });
    fake.throttleNext(3);
    const first = await ingestCloudwatch(store, options());
    expect(first.every((g) => g.status === "ok")).toBe(true);
    expect(fake.count(undefined, "ThrottlingException")).toBe(3);
    // a second pass from the checkpoints finds nothing new
    const again = await ingestCloudwatch(store, options());
    expect(again.reduce((a, g) => a + g.stored + g.duplicates, 0)).toBe(0);
    // the rest arrives later (follow): picked up, nothing repeated
    for (const p of part(false)) fake.addEvents(p.logGroup, p.logStream, p.logEvents);
    const later = await ingestCloudwatch(store, options());
    expect(later.reduce((a, g) => a + g.duplicates, 0)).toBe(0);
    const analyzed = await analyzeInputs(files);
    const reported = await reportFromStore(store.sql, OPEN);
    // the Lambda API said arm64 for orders-api: report prices it so, analyze (logs only) cannot know
    expect(reported.functions.find((f) => f.name === "orders-api")!.architecture).toBe("arm64");
    const x86 = await reportFromStore(store.sql, OPEN, { architectures: { "orders-api": "x86_64" } });
    expectSameSummary(x86, analyzed);
    const fn = await store.prisma.lambdaFunction.findUnique({ where: { name: "orders-api" } });
    expect(fn).toMatchObject({ memoryMB: 512, timeoutSec: 10, reservedConcurrency: 50, accountConcurrencyLimit: 1000, codeSizeBytes: 1024 });
    // headroom against what the Lambda API said: reserved concurrency first, else the account limit, and which one it was
    const orders = reported.functions.find((f) => f.name === "orders-api")!;
    expect([orders.concurrencyLimit, orders.concurrencyLimitKind, orders.concurrencyLimitFrom]).toEqual([50, "reserved", "lambda-api"]);
    expect(orders.throttleHeadroom).toBeCloseTo(1 - orders.peakConcurrency! / 50, 6);
    const other = reported.functions.find((f) => f.name !== "orders-api")!;
    expect([other.concurrencyLimit, other.concurrencyLimitKind, other.concurrencyLimitFrom]).toEqual([1000, "account", "lambda-api"]);
    // the functions learnt their region after their minutes were summed: the region sums moved with them
    const regions = await store.sql.query<{ region: string }>(`SELECT DISTINCT "region" FROM "region_rollups"`);
    expect(regions.map((r) => r.region)).toEqual([options().region]);
  });

  it("carries on without Lambda facts when access is denied, and reports a group that disappears", async () => {
    fake.denyLambda(true);
    const report = (id: string) => ({ timestamp: Date.UTC(2025, 8, 1), message: `REPORT RequestId: 00000000-0000-4000-8000-00000000000${id}\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\n` });
    fake.addEvents("/aws/lambda/denied", "2025/09/01/[$LATEST]00000000000000000000000000000002", [report("b")]);
    fake.addEvents("/aws/lambda/vanishing", "2025/09/01/[$LATEST]00000000000000000000000000000001", [report("a")]);
    // the group goes between the first page (empty, with a token) and the next
    fake.afterRequest = (r) => {
      if (r.operation === "FilterLogEvents" && r.input.logGroupName === "/aws/lambda/vanishing") fake.deleteLogGroup("/aws/lambda/vanishing");
    };
    const lines: string[] = [];
    const results = await ingestCloudwatch(store, { ...options(), functions: ["denied", "vanishing"], log: (l) => lines.push(l) });
    fake.afterRequest = null;
    fake.denyLambda(false);
    expect(results.map((r) => [r.logGroup, r.status, r.stored])).toEqual([
      ["/aws/lambda/denied", "ok", 1],
      ["/aws/lambda/vanishing", "gone", 0],
    ]);
    expect(lines).toContain("Lambda API: no configuration for denied (not permitted, not found, or the call failed); architecture defaults to x86_64 for it");
    expect(lines).toContain("/aws/lambda/vanishing: the log group disappeared while it was being read; kept what was read");
    expect(await store.prisma.lambdaFunction.findUnique({ where: { name: "denied" } })).toMatchObject({ architecture: null, memoryMB: null, factsUpdatedAt: null });
  });
});

describe("lambdalens ingest --cloudwatch (the command)", () => {
  it("reads through the SDK's default credential chain and an --endpoint, and resumes from its checkpoints", async () => {
    const db = await createTestDatabase("sqlite");
    const fake = new FakeAws({ pageSize: 2000, emptyPageEvery: 2 });
    const server = await fake.start();
    try {
      for (const p of payloads) fake.addEvents(p.logGroup, p.logStream, p.logEvents);
      const env = { DATABASE_URL: db.url, AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test", AWS_REGION: "us-east-1" };
      const args = ["ingest", "--cloudwatch", "--endpoint", server.url, "--since", "2025-08-31T00:00:00Z", "--json"];
      const run = await cliAsync(args, env);
      expect(run.code, run.stderr).toBe(0);
      const groups = JSON.parse(run.stdout).logGroups as { stored: number }[];
      expect(groups.reduce((a, g) => a + g.stored, 0)).toBe(4000);
      const again = await cliAsync(args, env);
      expect(JSON.parse(again.stdout).logGroups.reduce((a: number, g: { stored: number; duplicates: number }) => a + g.stored + g.duplicates, 0)).toBe(0);
      const report = await cliAsync(["report", "--json"], env);
      expect(JSON.parse(report.stdout).functions.reduce((a: number, f: { invocations: number }) => a + f.invocations, 0)).toBe(4000);
    } finally {
      await server.close();
      await db.drop();
    }
  });
});

describe("lambdalens ingest --cloudwatch --follow (the command)", () => {
  it("says on stderr how far behind the newest stored event is, stores what arrives, and stops cleanly on SIGTERM", async () => {
    const db = await createTestDatabase("sqlite");
    const fake = new FakeAws({ pageSize: 2000 });
    const server = await fake.start();
    const child = spawn(process.execPath, [BIN, "ingest", "--cloudwatch", "--endpoint", server.url, "--follow", "1", "--function", "live"], {
      env: { ...process.env, DATABASE_URL: db.url, AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test", AWS_REGION: "us-east-1" },
    });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    const stderrMatches = (re: RegExp) =>
      new Promise<RegExpMatchArray>((resolve, reject) => {
        const check = () => {
          const m = stderr.match(re);
          if (m) {
            child.stderr.off("data", check);
            resolve(m);
          }
        };
        child.stderr.on("data", check);
        void exited.then(() => reject(new Error(`the follower exited; stderr: ${stderr}`)));
        check();
      });
    try {
      const ts = Date.now() - 3000;
      fake.addEvents("/aws/lambda/live", "2025/09/01/[$LATEST]00000000000000000000000000000001", [
        { timestamp: ts, message: "REPORT RequestId: 00000000-0000-4000-8000-000000000001\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\n" },
      ]);
      const m = await stderrMatches(/follow: 1 log group\(s\), 1 new invocation\(s\); newest stored event (\S+), ([\d.]+) s behind/);
      expect(m[1]).toBe(new Date(ts).toISOString());
      expect(Number(m[2])).toBeGreaterThanOrEqual(3);
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      // nothing but follow's own lines (no SDK warnings, no stack)
      expect(stderr.trim().split("\n").every((l) => l.startsWith("follow: ") || l.startsWith("Lambda API: "))).toBe(true);
      const report = await cliAsync(["report", "--json"], { DATABASE_URL: db.url });
      expect(JSON.parse(report.stdout).functions.map((f: { name: string; invocations: number }) => [f.name, f.invocations])).toEqual([["live", 1]]);
    } finally {
      child.kill("SIGKILL");
      await server.close();
      await db.drop();
    }
  });
});

/** The CLI in a child process, without blocking this one (the fake endpoint lives here). */
function cliAsync(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d) => (stdout += d));
    p.stderr.on("data", (d) => (stderr += d));
    p.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}
