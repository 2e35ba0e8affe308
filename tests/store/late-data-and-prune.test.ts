import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeInputs } from "../../lib/pipeline/analyze-inputs";
import { ingestFile } from "../../lib/pipeline/ingest-file";
import { reportFromStore } from "../../lib/store/report";
import { pruneInvocations } from "../../lib/store/prune";
import { createTestDatabase, KINDS, useTestStore } from "./databases";
import { synthFleet } from "./fleet";
import { expectSameSummary } from "./compare";

const OPEN = { since: null, until: null };
const dir = mkdtempSync(join(tmpdir(), "lambdalens-late-"));
const S1 = "2025/09/01/[$LATEST]11111111111111111111111111111111";
const S2 = "2025/09/01/[$LATEST]22222222222222222222222222222222";
const at = (s: number) => new Date(Date.UTC(2025, 8, 1, 0, 0, 0) + s * 1000).toISOString().replace("Z", "000").slice(0, 26);
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const report = (n: number, init = "") => `REPORT RequestId: ${id(n)}\tDuration: 100.00 ms\tBilled Duration: 100 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB${init}`;
// the invocations arrive in one export...
const invocations = join(dir, "invocations.log");
writeFileSync(
  invocations,
  [
    `${S1} ${at(40)} START RequestId: ${id(1)} Version: $LATEST`,
    `${S1} ${at(40.1)} ${report(1)}`,
    `${S2} ${at(50.3)} START RequestId: ${id(2)} Version: $LATEST`,
    `${S2} ${at(50.4)} ${report(2, "\tInit Duration: 250.00 ms")}`,
  ].join("\n") + "\n",
);
// ...and the environments' INIT_START lines in a later one
const inits = join(dir, "inits.log");
writeFileSync(
  inits,
  [`${S1} ${at(10)} INIT_START Runtime Version: nodejs:22.v50\tRuntime Version ARN: arn`, `${S2} ${at(50)} INIT_START Runtime Version: nodejs:22.v50\tRuntime Version ARN: arn`].join("\n") + "\n",
);
const fleet = synthFleet(["--invocations", "5000", "--functions", "3", "--format", "sam", "--seed", "2"], "old.log");

describe.each(KINDS)("late data and pruning on %s", (kind) => {
  const shared = useTestStore(kind);

  it("classifies an environment whose INIT_START arrives in a later file", async () => {
    const store = shared();
    await ingestFile(store, invocations, { functionName: "late" });
    let f = (await reportFromStore(store.sql, OPEN, { functionName: "late" })).functions[0];
    expect([f.invocations, f.coldStarts, f.preInvokeInits]).toEqual([2, 1, 0]);
    await ingestFile(store, inits, { functionName: "late" });
    f = (await reportFromStore(store.sql, OPEN, { functionName: "late" })).functions[0];
    // S1: initialized 30 s before a warm first invocation (pre-invoke); S2: on demand
    expect([f.preInvokeInits, f.unusedInits]).toEqual([1, 0]);
    const analyzed = await analyzeInputs([inits, invocations], { functionName: "late" });
    expect(analyzed.functions[0].preInvokeInits).toBe(1);
  });

  it("prune drops raw invocations and keeps what reports need", async () => {
    const store = shared();
    await ingestFile(store, fleet.path);
    const before = await reportFromStore(store.sql, OPEN);
    const analyzed = await analyzeInputs([fleet.path, invocations, inits], {});
    const deleted = await pruneInvocations(store.sql, Date.parse("2025-09-01T12:00:00Z"));
    expect(deleted).toBeGreaterThan(1000);
    const left = Number((await store.sql.query<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "invocations"`))[0].n);
    expect(left).toBeGreaterThan(0);
    const after = await reportFromStore(store.sql, OPEN);
    expect(after).toEqual(before);
    // data for pruned time that comes again does not shrink the kept rollups
    await ingestFile(store, fleet.path, { force: true });
    expect(await reportFromStore(store.sql, OPEN)).toEqual(before);
    expect(before.functions.find((f) => f.name === "old")).toBeDefined();
    expectSameSummary(
      { ...before, functions: before.functions.filter((f) => f.name === "old") },
      { ...analyzed, functions: analyzed.functions.filter((f) => f.name === "old"), window: before.window },
    );
  });
});

describe("clock skew between streams", () => {
  // Lambda hosts stamp each stream; a skewed host cannot be told from the logs. What
  // lambdalens promises is that nothing depends on the order lines arrive in.
  const skewed = join(dir, "skewed.log");
  const lines: string[] = [];
  for (let k = 0; k < 20; k++) {
    const base = 100 + k * 2;
    lines.push(`${S1} ${at(base)} START RequestId: ${id(1000 + k)} Version: $LATEST`, `${S1} ${at(base + 1.5)} ${report(1000 + k)}`);
    // S2's clock runs 3 minutes ahead, so its lines come "later" though they ran alongside
    lines.push(`${S2} ${at(base + 180)} START RequestId: ${id(2000 + k)} Version: $LATEST`, `${S2} ${at(base + 181.5)} ${report(2000 + k)}`);
  }
  writeFileSync(skewed, lines.join("\n") + "\n");
  const reversed = join(dir, "skewed-reversed.log");
  writeFileSync(reversed, [...lines].reverse().join("\n") + "\n");

  it.each(KINDS)("gives the same figures in any order, from files or the database (%s)", async (kind) => {
    const db = await createTestDatabase(kind);
    const store = await db.open();
    try {
      await ingestFile(store, reversed, { functionName: "skewed" });
      const forward = await analyzeInputs([skewed], { functionName: "skewed" });
      const backward = await analyzeInputs([reversed], { functionName: "skewed" });
      expect(backward.functions).toEqual(forward.functions);
      expect(forward.functions[0]).toMatchObject({ invocations: 40, peakConcurrency: 1 });
      const reported = await reportFromStore(store.sql, OPEN, { functionName: "skewed" });
      expectSameSummary(reported, { ...forward, window: reported.window });
    } finally {
      await store.close();
      await db.drop();
    }
  });
});
