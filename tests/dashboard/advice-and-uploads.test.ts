import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture as fixturePath } from "../fixtures";
import { functionData } from "../../lib/dashboard/function-data";
import { UploadQueue } from "../../lib/dashboard/uploads";
import { reportFromStore } from "../../lib/store/report";
import { openStore, type Store } from "../../lib/store/store";
import { adviseFunction } from "../../lib/metrics/advice";
import { analyzeInputs } from "../../lib/pipeline/analyze-inputs";
import { createTestDatabase, KINDS, type TestDatabase } from "../store/databases";

const INIT_TIMEOUT = "github-didomenicom-sst-lambda-container-runtime-error-init-timeout.log";
const limit = { limit: 1000, kind: "account" as const, from: "default" as const };

describe("advice", () => {
  it("names an init over the 10 s limit, the failed inits and the timeout of a real log", async () => {
    const [s] = (await analyzeInputs([fixturePath(INIT_TIMEOUT)])).functions;
    const advice = adviseFunction({ summary: s, limit, threshold: 0.8, maxInitMs: 45045.69, timeoutSec: null, codeSizeBytes: null, rightsizedMonthlyUsd: null });
    expect(advice[0]).toMatchObject({ level: "critical", id: "init-limit" });
    expect(advice[0].text).toContain("45.0 s, over the 10 s on-demand init limit");
    expect(advice.find((a) => a.id === "init-failures")?.text).toBe("3 inits failed (2 error, 1 timeout); the requests that waited on them failed too.");
    expect(advice.find((a) => a.id === "timeouts")?.text).toContain("1 invocation timed out");
    expect(advice.find((a) => a.id === "long-duration")).toBeUndefined();
  });

  it("warns of long durations, big packages and throttling, and says so when all is well", async () => {
    const [s] = (await analyzeInputs([fixturePath("astuyve-blog-ice-cold-starts.log")])).functions;
    const calm = adviseFunction({ summary: { ...s, timeouts: 0 }, limit, threshold: 0.8, maxInitMs: null, timeoutSec: 900, codeSizeBytes: null, rightsizedMonthlyUsd: null });
    expect(calm.map((a) => a.level)).toContain("info");
    const long = { ...s, meanDurationMs: 600_000, maxSustainableRps: 3000 / 600, peakConcurrency: 2900, concurrencyLimit: 3000 };
    const advice = adviseFunction({ summary: long, limit: { limit: 3000, kind: "account", from: "settings" }, threshold: 0.8, maxInitMs: null, timeoutSec: 900, codeSizeBytes: 80 * 1048576, rightsizedMonthlyUsd: null });
    expect(advice.find((a) => a.id === "throttle-rate")).toMatchObject({ level: "warn" });
    expect(advice.find((a) => a.id === "throttle-rate")!.text).toContain("throttles above 5.00 requests/s");
    expect(advice.find((a) => a.id === "long-duration")!.text).toContain("3,000 concurrency allows only 5.00 requests/s");
    expect(advice.find((a) => a.id === "package-size")!.text).toContain("80.0 MB");
  });
});

describe.each(KINDS)("uploads into %s", (kind) => {
  let db: TestDatabase;
  let store: Store;
  const saved = process.env.DATABASE_URL;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    store = await db.open();
    process.env.DATABASE_URL = db.url;
  });
  afterAll(async () => {
    process.env.DATABASE_URL = saved;
    await store.close();
    await db.drop();
  });

  const staged = (name: string, from?: string, text?: string) => {
    const dir = mkdtempSync(join(tmpdir(), "lambdalens-upload-"));
    const file = join(dir, name);
    if (from) copyFileSync(from, file);
    else writeFileSync(file, text ?? "");
    return file;
  };

  it("ingest one after another in a process of their own, named after the file, with progress and results", async () => {
    const q = new UploadQueue();
    const a = q.create("orders-api.2024-05-01.log", "orders-api", null);
    const b = q.create("ice.log", "ice", null);
    const progress: number[] = [];
    const first = q.enqueue(a.id, staged("orders-api.2024-05-01.log", fixturePath("astuyve-blog-ice-cold-starts.log")));
    const second = q.enqueue(b.id, staged("ice.log", fixturePath("astuyve-blog-ice-cold-starts.log")));
    const timer = setInterval(() => progress.push(q.get(b.id)!.state === "queued" ? 0 : 1), 5);
    const [ra, rb] = await Promise.all([first, second]);
    clearInterval(timer);
    expect(ra).toMatchObject({ state: "done", result: { stored: 10, duplicates: 0 } });
    expect(rb).toMatchObject({ state: "done", result: { stored: 10, duplicates: 0 } });
    expect(progress[0]).toBe(0);
    const names = (await reportFromStore(store.sql, { since: null, until: null })).functions.map((f) => [f.name, f.invocations]);
    expect(names).toEqual([["ice", 10], ["orders-api", 10]]);
    const again = q.create("ice.log", "ice", null);
    expect(await q.enqueue(again.id, staged("ice.log", fixturePath("astuyve-blog-ice-cold-starts.log")))).toMatchObject({ state: "done", result: { stored: 0, duplicates: 10 } });
    expect(q.list().map((u) => u.id)).toEqual([again.id, b.id, a.id]);
  });

  it("say why a bad file failed and leave the data as it was", async () => {
    const before = await reportFromStore(store.sql, { since: null, until: null });
    const q = new UploadQueue();
    const u = q.create("notes.txt", "notes", null);
    const done = await q.enqueue(u.id, staged("notes.txt", undefined, "\u0000\u0001 this is not a log export\n"));
    expect(done.state).toBe("failed");
    expect(done.error).toMatch(/notes\.txt/);
    expect(done.error).not.toMatch(/lambdalens-upload-/);
    expect(await reportFromStore(store.sql, { since: null, until: null })).toEqual(before);
    const d = await functionData(store.sql, "ice", { range: "all" });
    expect(d.summary!.invocations).toBe(10);
  });
});
