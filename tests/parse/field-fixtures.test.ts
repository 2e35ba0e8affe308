import { describe, expect, it } from "vitest";
import { analyzeInputs } from "../../lib/pipeline/analyze-inputs";
import type { FunctionSummary } from "../../lib/metrics/summary";
import { fieldExpectations, fieldFixture, type FieldExpectation } from "../fixtures";

const expected = fieldExpectations();

/** The figures EXPECTED.json names, over every function the file yields (counts summed, maxima taken). */
function figures(functions: FunctionSummary[]) {
  const sum = (k: "invocations" | "coldStarts" | "snapStartRestores" | "initFailures" | "timeouts") => functions.reduce((a, f) => a + f[k], 0);
  const max = (values: (number | undefined)[]) => {
    const known = values.filter((v): v is number => v !== undefined);
    return known.length > 0 ? Math.max(...known) : null;
  };
  const sizes = [...new Set(functions.map((f) => f.memorySizeMB).filter((m): m is number => m !== null))].sort((a, b) => a - b);
  return {
    invocations: sum("invocations"),
    coldStarts: sum("coldStarts"),
    snapStartRestores: sum("snapStartRestores"),
    initFailures: sum("initFailures"),
    timeouts: sum("timeouts"),
    maxInitDurationMs: max(functions.map((f) => f.initDurationMs?.max)),
    maxDurationMs: max(functions.map((f) => f.durationMs?.max)),
    memorySizeMB: sizes.length === 1 ? sizes[0] : sizes,
  };
}

const COUNTS = ["invocations", "coldStarts", "snapStartRestores", "initFailures", "timeouts"] as const;
const DURATIONS = ["maxInitDurationMs", "maxDurationMs"] as const;

function functionArg(want: FieldExpectation): string | undefined {
  const i = want.args.indexOf("--function");
  return i >= 0 ? want.args[i + 1] : undefined;
}

describe("field samples yield the figures in EXPECTED.json", () => {
  for (const [name, want] of Object.entries(expected)) {
    it(name, async ({ annotate }) => {
      const r = await analyzeInputs([fieldFixture(name)], { functionName: functionArg(want) });
      expect(r.sources[0].readable).toBe(true);
      expect(r.warnings).toEqual([]);
      const got = figures(r.functions);
      const checked = (k: string) => want.unchecked?.[k] === undefined;
      for (const k of COUNTS) if (checked(k)) expect(got[k], k).toBe(want[k]);
      for (const k of DURATIONS) {
        if (!checked(k)) continue;
        if (want[k] === null) expect(got[k], k).toBeNull();
        else expect(Math.abs(got[k]! - want[k]!), `${k}: ${got[k]} for ${want[k]}`).toBeLessThanOrEqual(0.005);
      }
      if (checked("memorySizeMB")) expect(got.memorySizeMB).toEqual(want.memorySizeMB);
      for (const [k, why] of Object.entries(want.unchecked ?? {})) {
        await annotate(`${k} unchecked (${why}): read ${JSON.stringify(got[k as keyof typeof got])}, expected ${JSON.stringify(want[k as keyof FieldExpectation])}`);
      }
    });
  }
});

describe("what the field samples show beyond the counts", () => {
  it("reads a capture tool's time prefix, a table's pipes and jets' tag, with the times they carry", async () => {
    const jets = await analyzeInputs([fieldFixture("rubyonjets-docs-jets-logs-follow.log")], { functionName: "f" });
    expect(jets.window).toEqual({ start: "2023-10-29T18:28:02.000Z", end: "2023-10-29T18:28:06.000Z" });
    const table = await analyzeInputs([fieldFixture("jankammerath-serverlessswift-console-table.md")], { functionName: "f" });
    expect(table.window).toEqual({ start: "2023-12-05T14:38:23.739Z", end: "2023-12-05T14:38:47.570Z" });
    expect(table.functions[0].peakConcurrency).toBe(1);
    // HH:MM:SS without a date is no point in time
    const capture = await analyzeInputs([fieldFixture("cashinflash-cif-portal-if-python312-2026.log")], { functionName: "f" });
    expect(capture.window).toEqual({ start: null, end: null });
    expect(capture.functions[0].peakConcurrency).toBeNull();
    expect(capture.functions[0].throttleHeadroom).toBeNull();
  });

  it("takes each event's time from the line before it in the console's newer layout", async () => {
    const r = await analyzeInputs([fieldFixture("luketn-java21-snapstart-console-newui-copy.log")], { functionName: "f" });
    expect(r.window.start).toBe("2025-05-21T03:29:26.330Z");
    expect(r.functions[0].peakConcurrency).toBe(1);
  });

  it("reads the REPORT whose request id a paste glued to Duration, billed duration included", async () => {
    const r = await analyzeInputs([fieldFixture("aws-samples-card-payment-keys-aws-logs-tail.log")]);
    const monitor = r.functions.find((f) => f.name === "apcStackMonitor")!;
    expect(monitor.invocations).toBe(2);
    expect(monitor.durationMs?.max).toBe(235746.42);
    // 200033 + 235747 billed ms at 128 MB
    expect(monitor.gbSeconds).toBeCloseTo(((200033 + 235747) / 1000) * (128 / 1024), 6);
  });

  it("does not read INIT_REPORT glued behind application text", async () => {
    const r = await analyzeInputs([fieldFixture("kimkno-capstone-console-test-importerror.log")], { functionName: "f" });
    expect(r.functions[0].initFailures).toBe(0);
  });
});
