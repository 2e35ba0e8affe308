import { describe, expect, it } from "vitest";
import { analyzeInputs } from "../../lib/pipeline/analyze-inputs";
import { allLogFixtures, expectedCounts, fixture } from "../fixtures";

const expected = expectedCounts();

describe("public fixtures yield the counts in EXPECTED.json", () => {
  for (const [name, want] of Object.entries(expected)) {
    it(name, async () => {
      const r = await analyzeInputs([fixture(name)]);
      const sum = (k: "invocations" | "coldStarts" | "snapStartRestores") => r.functions.reduce((a, f) => a + f[k], 0);
      expect({ invocations: sum("invocations"), coldStarts: sum("coldStarts"), snapStartRestores: sum("snapStartRestores") }).toEqual(want);
      expect(r.sources[0].readable).toBe(true);
    });
  }
});

describe("every public fixture reads without a crash", () => {
  for (const name of allLogFixtures()) {
    it(name, async () => {
      const r = await analyzeInputs([fixture(name)]);
      expect(r.sources[0].readable).toBe(true);
      expect(r.lines.read).toBeGreaterThan(0);
    });
  }
});
