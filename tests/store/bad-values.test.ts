import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeInputs } from "../../lib/pipeline/analyze-inputs";
import { ingestFile } from "../../lib/pipeline/ingest-file";
import { reportFromStore } from "../../lib/store/report";
import { KINDS, useTestStore } from "./databases";
import { expectSameSummary } from "./compare";

const OPEN = { since: null, until: null };
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const report = (n: number, duration = "100.00") => `REPORT RequestId: ${id(n)}\tDuration: ${duration} ms\tBilled Duration: 100 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\n`;
const file = join(mkdtempSync(join(tmpdir(), "lambdalens-values-")), "values.json");
writeFileSync(
  file,
  JSON.stringify({
    events: [
      { timestamp: 1756684800000, message: report(1) },
      { timestamp: 1e300, message: report(2) },
      { timestamp: 99999999999999999, message: report(3) },
      { timestamp: 1756684801000, message: report(4, "1e308") },
      { timestamp: 1756684802000, message: report(5) },
    ],
  }),
);

describe.each(KINDS)("values no time or duration can take, ingested into %s", (kind) => {
  const store = useTestStore(kind);

  it("are skipped with their reasons; the rest is stored and every report still works", async () => {
    const s = await ingestFile(store(), file, { functionName: "values" });
    expect([s.stored, s.skipped]).toEqual([2, 3]);
    expect(s.issues.map((i) => i.reason)).toEqual([
      "time 1e+300 is not a date between 1970 and 9999: line skipped",
      "time 100000000000000000 is not a date between 1970 and 9999: line skipped",
      "Duration 1e+308 ms is not a duration (0 to 24 h): line skipped",
    ]);
    const fromStore = await reportFromStore(store().sql, OPEN);
    expect(fromStore.functions[0]).toMatchObject({ name: "values", invocations: 2 });
    expectSameSummary(fromStore, await analyzeInputs([file], { functionName: "values" }));
  });
});
