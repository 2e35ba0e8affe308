import { describe, expect, it } from "vitest";
import { analyzeInputs } from "../../lib/pipeline/analyze-inputs";
import { ingestFile } from "../../lib/pipeline/ingest-file";
import { reportFromStore } from "../../lib/store/report";
import { createTestDatabase, KINDS, useTestStore } from "./databases";
import { synthFleet } from "./fleet";
import { expectSameSummary } from "./compare";
import { allSamplePaths, fieldExpectations } from "../fixtures";

const OPEN = { since: null, until: null };
const fleet = synthFleet(["--invocations", "30000", "--functions", "5", "--format", "firehose", "--seed", "7"], "fleet.gz");

describe.each(KINDS)("report from %s agrees with analyze", (kind) => {
  const shared = useTestStore(kind);

  it("on the synthetic fleet", async () => {
    const store = shared();
    const analyzed = await analyzeInputs([fleet.path]);
    const ingest = await ingestFile(store, fleet.path, { batchRecords: 7000 });
    expect(ingest.stored).toBe(30000);
    expect(ingest.duplicates).toBe(0);
    const reported = await reportFromStore(store.sql, OPEN);
    expectSameSummary(reported, analyzed);
    // and both agree with what the generator says it made
    const truth = fleet.truth.totals as Record<string, number>;
    const sum = (k: "invocations" | "coldStarts" | "preInvokeInits" | "unusedInits" | "timeouts") => reported.functions.reduce((a, f) => a + f[k], 0);
    expect([sum("invocations"), sum("coldStarts"), sum("preInvokeInits"), sum("unusedInits"), sum("timeouts")]).toEqual([
      truth.invocations, truth.coldStarts, truth.preInvokeInits, truth.unusedInits, truth.timeouts,
    ]);
  });

  it("for a time range and one function", async () => {
    const store = shared();
    const full = await reportFromStore(store.sql, OPEN);
    const name = full.functions[0].name;
    const since = Date.parse(full.window.start!) + 6 * 3600_000;
    const part = await reportFromStore(store.sql, { since, until: null }, { functionName: name });
    expect(part.functions.map((f) => f.name)).toEqual([name]);
    expect(part.functions[0].invocations).toBeGreaterThan(0);
    expect(part.functions[0].invocations).toBeLessThan(full.functions[0].invocations);
  });
});

describe("report agrees with analyze on every real sample, each in a database of its own", () => {
  const fieldArgs = fieldExpectations();
  for (const path of allSamplePaths()) {
    const name = path.slice(path.lastIndexOf("/") + 1);
    it(name, async () => {
      const db = await createTestDatabase("sqlite");
      const store = await db.open();
      try {
        // the field samples name their function as EXPECTED.json says; the public ones after the file
        const functionName = fieldArgs[name]?.args.includes("--function") ? "fixture" : undefined;
        await ingestFile(store, path, { functionName });
        expectSameSummary(await reportFromStore(store.sql, OPEN), await analyzeInputs([path], { functionName }));
      } finally {
        await store.close();
        await db.drop();
      }
    });
  }
});
