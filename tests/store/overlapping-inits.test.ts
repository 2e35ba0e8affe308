import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeInputs } from "../../lib/pipeline/analyze-inputs";
import { ingestFile } from "../../lib/pipeline/ingest-file";
import { reportFromStore } from "../../lib/store/report";
import { KINDS, useTestStore } from "./databases";
import { expectSameSummary } from "./compare";
import { snapshot } from "./snapshot";

const OPEN = { since: null, until: null };
const dir = mkdtempSync(join(tmpdir(), "lambdalens-overlap-"));
const at = (s: number) => new Date(Date.UTC(2025, 8, 1, 0, 0, 0) + s * 1000).toISOString();
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const invocation = (n: number, s: number, cold: boolean) => [
  `${at(s)} START RequestId: ${id(n)} Version: $LATEST`,
  `${at(s + 0.1)} REPORT RequestId: ${id(n)}\tDuration: 100.00 ms\tBilled Duration: 100 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB${cold ? "\tInit Duration: 400.00 ms" : ""}`,
];
// one environment, initialized on demand at 0 s, then a second one at 30 s; the exports
// name no stream (a console copy) and both hold the first INIT_START and its cold start
const lines = [
  `${at(0)} INIT_START Runtime Version: python:3.12.v40\tRuntime Version ARN: arn`,
  ...invocation(1, 0.5, true),
  ...invocation(2, 10, false),
  `${at(30)} INIT_START Runtime Version: python:3.12.v40\tRuntime Version ARN: arn`,
  ...invocation(3, 30.5, true),
  ...invocation(4, 40, false),
];
const write = (name: string, part: string[]) => {
  const p = join(dir, name);
  writeFileSync(p, part.join("\n") + "\n");
  return p;
};
const first = write("console-a.log", lines.slice(0, 7));
const second = write("console-b.log", lines);
const timeless = write("timeless.log", lines.map((l) => l.slice(25)));

describe.each(KINDS)("exports that name no stream, on %s", (kind) => {
  const store = useTestStore(kind, "each");

  it("two overlapping exports count the INIT_START they share once, in analyze and in the database", async () => {
    for (const f of [first, second, first]) await ingestFile(store(), f, { functionName: "copied", force: true });
    const stored = await snapshot(store().sql);
    expect(stored.initEvents).toBe(2);
    const report = await reportFromStore(store().sql, OPEN);
    const analyzed = await analyzeInputs([first, second], { functionName: "copied" });
    expect(analyzed.functions[0]).toMatchObject({ invocations: 4, coldStarts: 2, preInvokeInits: 0, unusedInits: 0, peakConcurrency: 1 });
    expectSameSummary(report, analyzed);
  });

  it("a file without timestamps has no known peak concurrency (null, not 0)", async () => {
    await ingestFile(store(), timeless, { functionName: "timeless" });
    const report = await reportFromStore(store().sql, OPEN);
    const analyzed = await analyzeInputs([timeless], { functionName: "timeless" });
    expect(analyzed.functions[0]).toMatchObject({ invocations: 4, coldStarts: 2, peakConcurrency: null, throttleHeadroom: null });
    expectSameSummary(report, analyzed);
  });
});
