import { describe, expect, it } from "vitest";
import { parseAll, summarizeText, only } from "./helpers";

const ID = "3f96954f-9852-4898-b7c1-ea495a519653";

async function report(line: string) {
  const { records, stats } = await parseAll(line + "\n");
  const reports = records.filter((r) => r.kind === "report");
  expect(reports).toHaveLength(1);
  return { r: reports[0], stats };
}

describe("REPORT lines (reference section 1 traps)", () => {
  it("reads the canonical tab-separated layout with a trailing tab", async () => {
    const { r } = await report(`REPORT RequestId: ${ID}\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\t`);
    expect([r.requestId, r.durationMs, r.billedMs, r.memoryMB, r.maxMemoryMB]).toEqual([ID, 12.34, 13, 128, 70]);
    expect(r.initMs).toBeNaN();
  });

  it("matches each field on its own when Init Duration comes first", async () => {
    const { r } = await report("REPORT RequestId: f8ac1208... Init Duration: 48.26 ms   Duration: 237.17 ms   Billed Duration: 300 ms   Memory Size: 128 MB   Max Memory Used: 26 MB");
    expect([r.requestId, r.initMs, r.durationMs, r.billedMs, r.memoryMB, r.maxMemoryMB]).toEqual(["f8ac1208...", 48.26, 237.17, 300, 128, 26]);
  });

  it("does not take Billed Duration for Duration, nor Billed Restore Duration for Restore Duration", async () => {
    const { r } = await report(
      `REPORT RequestId: ${ID}\tBilled Duration: 610 ms\tDuration: 306.34 ms\tMemory Size: 3009 MB\tMax Memory Used: 155 MB\tBilled Restore Duration: 303 ms\tRestore Duration: 511.25 ms`,
    );
    expect([r.billedMs, r.durationMs, r.billedRestoreMs, r.restoreMs]).toEqual([610, 306.34, 303, 511.25]);
  });

  it("accepts the pre-2021 space before the tab and runs of spaces instead of tabs", async () => {
    const a = await report(`REPORT RequestId: ${ID}\tDuration: 26.73 ms\tBilled Duration: 27 ms \tMemory Size: 128 MB\tMax Memory Used: 75 MB\t`);
    expect([a.r.durationMs, a.r.billedMs, a.r.memoryMB]).toEqual([26.73, 27, 128]);
    const b = await report(`REPORT RequestId: ${ID}  Duration: 79.67 ms      Billed Duration: 80 ms         Memory Size: 128 MB     Max Memory Used: 73 MB`);
    expect([b.r.durationMs, b.r.billedMs, b.r.memoryMB, b.r.maxMemoryMB]).toEqual([79.67, 80, 128, 73]);
  });

  it("reads Status and Error Type, and stops at an XRAY segment on the same line", async () => {
    const { r } = await report(
      `REPORT RequestId: ${ID}\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 1024 MB\tMax Memory Used: 64 MB\tStatus: timeout\tError Type: Runtime.OutOfMemory\tXRAY TraceId: 1-5d9d007f-0a8c\tSegmentId: 3913\tSampled: true`,
    );
    expect([r.status, r.errorType, r.durationMs]).toEqual(["timeout", "Runtime.OutOfMemory", 3000]);
  });

  it("counts a REPORT without Duration as an invocation and notes it", async () => {
    const { r, stats } = await report(`REPORT RequestId: ${ID}\tBilled Duration: 100 ms`);
    expect(r.durationMs).toBeNaN();
    expect(r.billedMs).toBe(100);
    expect(stats.skipped).toBe(0);
    expect(stats.issues[0].reason).toMatch(/without a Duration/);
  });

  it("reads a request id a paste glued to Duration, and the fields after it", async () => {
    const { r, stats } = await report(`REPORT RequestId: ${ID}Duration: 200032.11 ms Billed Duration: 200033 ms Memory Size: 128 MB Max Memory Used: 93 MB Init Duration: 450.87 ms`);
    expect([r.requestId, r.durationMs, r.billedMs, r.memoryMB, r.maxMemoryMB, r.initMs]).toEqual([ID, 200032.11, 200033, 128, 93, 450.87]);
    expect(stats.issues).toEqual([]);
  });

  it("keeps Billed Duration (and so the cost) when the Duration before it cannot be read", async () => {
    const { r, stats } = await report(`REPORT RequestId: ${ID} Duration: n/a, retried Billed Duration: 1200 ms Memory Size: 512 MB Max Memory Used: 93 MB`);
    expect([r.durationMs, r.billedMs, r.memoryMB, r.maxMemoryMB]).toEqual([NaN, 1200, 512, 93]);
    expect(stats.issues[0].reason).toMatch(/without a Duration/);
  });

  it("skips a REPORT without a request id, with its line number", async () => {
    const { records, stats } = await parseAll(`START RequestId: ${ID} Version: 1\nREPORT RequestId: \n`);
    expect(records.filter((r) => r.kind === "report")).toHaveLength(0);
    expect(stats.skipped).toBe(1);
    expect(stats.issues[0]).toMatchObject({ line: 2, source: "test.log" });
  });

  it("ignores platform words an application writes after its own prefix", async () => {
    const s = await summarizeText(
      [
        `2024-05-01T00:00:00.000Z\t${ID}\tINFO\tREPORT RequestId: fake\tDuration: 1 ms`,
        `[INFO]\t2024-05-01T00:00:00.000Z\t${ID}\tSTART RequestId: fake2`,
        `REPORT RequestId: ${ID}\tDuration: 2.00 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB`,
      ].join("\n"),
    );
    expect(only(s).invocations).toBe(1);
  });

  it("takes START with or without Version, and END, XRAY, EXTENSION, LOGS as platform lines", async () => {
    const { records, stats } = await parseAll(
      [
        `START RequestId: ${ID}`,
        "EXTENSION\tName: x\tState: Ready\tEvents: [INVOKE, SHUTDOWN]",
        "LOGS    Name: cloudwatch_lambda_agent   State: Subscribed       Types: [platform]",
        `END RequestId: ${ID}`,
        `REPORT RequestId: ${ID}\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t`,
        "XRAY TraceId: 1-5e34a614-10bd\tSegmentId: 07f5\tSampled: true",
      ].join("\n"),
    );
    expect(records.map((r) => r.kind)).toEqual(["start", "report"]);
    expect(stats.platformLines).toBe(6);
  });
});

describe("timeouts", () => {
  it("counts Status: timeout and a Task timed out line, once per request, whatever the order", async () => {
    const other = "7c9567b5-107b-4a6c-8798-0157ac21db52";
    const s = await summarizeText(
      [
        `2020-06-09T15:02:26.150Z ${other} Task timed out after 3.00 seconds`,
        `REPORT RequestId: ${other}\tDuration: 3003.16 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\tMax Memory Used: 48 MB`,
        `REPORT RequestId: ${ID}\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\tMax Memory Used: 48 MB\tStatus: timeout`,
        `${ID} Task timed out after 3.00 seconds`,
      ].join("\n"),
    );
    expect(only(s).timeouts).toBe(2);
    expect(only(s).invocations).toBe(2);
  });

  it("does not count a timeout line for a request that never reported", async () => {
    const s = await summarizeText(`${ID} Task timed out after 3.00 seconds\n`);
    expect(s.functions).toEqual([]);
  });
});

describe("init and restore lines", () => {
  it("reads INIT_START, INIT_REPORT (tabs or spaces, with Error Type) and counts failures by status", async () => {
    const s = await summarizeText(
      [
        "INIT_START Runtime Version: python:3.11.v29\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:abc",
        "INIT_REPORT Init Duration: 10337.01 ms\tPhase: init\tStatus: timeout",
        "INIT_REPORT Init Duration: 45045.46 ms    Phase: invoke    Status: error    Error Type: Runtime.Unknown",
        "INIT_REPORT Init Duration: 298.12 ms",
      ].join("\n"),
    );
    const f = only(s);
    expect(f.initFailuresByStatus).toEqual({ timeout: 1, error: 1 });
    expect(f.initFailures).toBe(2);
    expect(f.runtimes).toEqual(["python:3.11.v29"]);
    expect(f.unusedInits).toBe(1);
  });

  it("reads SnapStart restores", async () => {
    const { records } = await parseAll(
      [
        "2023/07/05/[56]374cd7798d2a4e36a494a23d658b9741 2023-07-05T10:16:34.013000 RESTORE_START Runtime Version: java:11.v21\tRuntime Version ARN: arn",
        "2023/07/05/[56]374cd7798d2a4e36a494a23d658b9741 2023-07-05T10:16:34.376000 RESTORE_REPORT Restore Duration: 511.25 ms",
      ].join("\n"),
    );
    expect(records.map((r) => [r.kind, r.runtime, r.durationMs])).toEqual([
      ["restoreStart", "java:11.v21", NaN],
      ["restoreReport", null, 511.25],
    ]);
    expect(records[0].stream).toBe("2023/07/05/[56]374cd7798d2a4e36a494a23d658b9741");
    expect(records[0].ts).toBe(Date.UTC(2023, 6, 5, 10, 16, 34, 13));
  });
});
