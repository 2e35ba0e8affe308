import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { fixture } from "../fixtures";

const BIN = fileURLToPath(new URL("../../bin/lambdalens.js", import.meta.url));
const run = (args: string[], input?: Buffer) => spawnSync(process.execPath, [BIN, "analyze", ...args], { input, encoding: "utf8", timeout: 60_000 });

const CONTRACT_NUMBERS = [
  "invocations", "coldStarts", "snapStartRestores", "preInvokeInits", "unusedInits", "initFailures", "timeouts",
  "peakConcurrency", "littlesLawPeak", "gbSeconds", "costUsd",
] as const;

describe("lambdalens analyze", () => {
  it("prints one JSON document following the contract", () => {
    const r = run(["--json", fixture("github-docwho2-java-chime-voicesdk-sma-sam-logs-snapstart.log")]);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(expect.arrayContaining(["functions", "window", "lines"]));
    const f = doc.functions[0];
    for (const k of CONTRACT_NUMBERS) expect(typeof f[k], k).toBe("number");
    expect(f).toMatchObject({ invocations: 5, coldStarts: 1, snapStartRestores: 1, coldStartRate: 0.2, memorySizeMB: 3009, maxMemoryUsedMB: 160, architecture: "x86_64" });
    expect(f.durationMs).toEqual({ p50: 50.76, p95: 306.34, p99: 306.34, max: 306.34 });
    expect(f.initDurationMs).toBeNull();
    expect(typeof f.monthlyCostUsd).toBe("number");
    expect(doc.window).toEqual({ start: "2023-07-05T10:16:34.013Z", end: "2023-07-05T10:17:00.017Z" });
    expect(doc.lines).toMatchObject({ read: 47, platform: 17, skipped: 0 });
  });

  it("prices arm64 below x86_64 for the same logs", () => {
    const file = fixture("github-hoganb-aws-sqs-lambda-console-csv-export.csv");
    const x86 = JSON.parse(run(["--json", file]).stdout).functions[0];
    const arm = JSON.parse(run(["--json", "--architecture", "arm64", file]).stdout).functions[0];
    expect(arm.architecture).toBe("arm64");
    expect(arm.costUsd).toBeLessThan(x86.costUsd);
    // 3 requests and (6 + 69 + 29) ms at 128 MB, first tier
    expect(x86.costUsd).toBeCloseTo(3 * 0.2e-6 + (104 / 1000) * (128 / 1024) * 0.0000166667, 12);
  });

  it("reads stdin with -", () => {
    const r = run(["--json", "--function", "from-stdin", "-"], readFileSync(fixture("astuyve-blog-lambda-timeout-doom-loop.log")));
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).functions[0]).toMatchObject({ name: "from-stdin", invocations: 2, timeouts: 1 });
  });

  it("prints a readable table by default", () => {
    const r = run([fixture("astuyve-blog-ice-cold-starts.log")]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^function\s+invocations\s+cold/m);
    expect(r.stdout).toMatch(/astuyve-blog-ice-cold-starts\s+10\s+2\s+20\.0%/);
  });

  it("exits 1 naming the file when no input can be read, 2 on bad usage", () => {
    const missing = run(["/nonexistent/x.log"]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/\/nonexistent\/x\.log: no such file/);
    const usage = run(["--architecture", "sparc", "x.log"]);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/--architecture: expected x86_64 or arm64, got 'sparc'/);
    expect(run([]).status).toBe(2);
  });

  it("exits 0 when at least one input was readable, warning about the other", () => {
    const r = run(["--json", fixture("astuyve-blog-ice-cold-starts.log"), "/nonexistent/y.log"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/y\.log: no such file/);
  });
});
