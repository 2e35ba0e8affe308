import { describe, expect, it } from "vitest";
import { synthesize, subscriptionPayloads, type GroundTruth, type SynthOptions } from "../../lib/synth/index";
import { derive, type RenderedEvent } from "./derive-truth";

// 12 functions (SnapStart, X-Ray, extensions, init failures of both kinds, old-style timeouts).
const OPTS: SynthOptions = { invocations: 20_000, functions: 12, hours: 12, seed: 3 };

function runWithPayloads(options: SynthOptions): { truth: GroundTruth; events: RenderedEvent[] } {
  const run = synthesize(options);
  const events: RenderedEvent[] = [];
  for (const p of subscriptionPayloads(run.events())) {
    const fn = p.logGroup.replace("/aws/lambda/", "");
    for (const e of p.logEvents) events.push({ fn, stream: p.logStream, timestamp: e.timestamp, message: e.message });
  }
  return { truth: run.truth(), events };
}

const { truth, events } = runWithPayloads(OPTS);
const fns = Object.values(truth.functions);

describe("ground truth", () => {
  it("generates exactly the requested number of invocations", () => {
    expect(truth.totals.invocations).toBe(20_000);
    expect(fns.reduce((a, f) => a + f.invocations, 0)).toBe(20_000);
    expect(fns).toHaveLength(12);
  });

  it("exercises every behaviour the model has", () => {
    const t = truth.totals;
    expect(t.coldStarts).toBeGreaterThan(50);
    expect(t.snapStartRestores).toBeGreaterThan(0);
    expect(t.preInvokeInits).toBeGreaterThan(0);
    expect(t.unusedInits).toBeGreaterThan(t.initFailures.timeout + t.initFailures.error);
    expect(t.initFailures.timeout).toBeGreaterThan(0);
    expect(t.initFailures.error).toBeGreaterThan(0);
    expect(t.timeouts).toBeGreaterThan(t.timeoutLines);
    expect(t.timeoutLines).toBeGreaterThan(0);
    expect(t.peakConcurrency).toBeGreaterThan(1);
  });

  it("is internally consistent per function", () => {
    for (const f of fns) {
      expect(f.coldStarts).toBeLessThanOrEqual(f.invocations);
      expect(f.snapStartRestores).toBeLessThanOrEqual(f.coldStarts);
      expect(f.timeouts).toBeLessThanOrEqual(f.invocations);
      expect(f.peakConcurrency).toBeGreaterThanOrEqual(f.invocations > 0 ? 1 : 0);
      expect(f.peakConcurrency).toBeLessThanOrEqual(f.environments);
      expect(f.gbSeconds).toBeCloseTo(((f.billedMs / 1000) * f.memoryMB) / 1024, 9);
      if (f.snapStart) {
        expect(f.snapStartRestores).toBe(f.coldStarts);
        expect(f.initStarts).toBe(0);
        expect(f.environments).toBe(f.coldStarts);
      } else {
        expect(f.snapStartRestores).toBe(0);
        // Every INIT_START is a cold start, a pre-invoke init or an unused (or failed) init.
        expect(f.initStarts).toBe(f.coldStarts + f.preInvokeInits + f.unusedInits);
        expect(f.environments).toBe(f.initStarts);
      }
      expect(f.windowStartMs!).toBeGreaterThanOrEqual(truth.rangeStartMs);
      expect(f.windowEndMs!).toBeGreaterThan(f.windowStartMs!);
    }
    expect(truth.totals.peakConcurrency).toBeGreaterThanOrEqual(Math.max(...fns.map((f) => f.peakConcurrency)));
    expect(truth.totals.peakConcurrency).toBeLessThanOrEqual(fns.reduce((a, f) => a + f.peakConcurrency, 0));
  });

  it("matches an independent re-derivation from the rendered log text, fleet-wide", () => {
    const d = derive(events);
    const t = truth.totals;
    expect(d.invocations).toBe(t.invocations);
    expect(d.coldStarts).toBe(t.coldStarts);
    expect(d.snapStartRestores).toBe(t.snapStartRestores);
    expect(d.preInvokeInits).toBe(t.preInvokeInits);
    expect(d.unusedInits).toBe(t.unusedInits);
    expect(d.initFailures).toEqual(t.initFailures);
    expect(d.timeouts).toBe(t.timeouts);
    expect(d.initStarts).toBe(t.initStarts);
    expect(d.peakConcurrency).toBe(t.peakConcurrency);
    expect(d.gbSeconds).toBeCloseTo(t.gbSeconds, 6);
    expect(d.windowStartMs).toBe(t.windowStartMs);
    expect(d.windowEndMs).toBe(t.windowEndMs);
    expect(events).toHaveLength(t.events);
  });

  it("matches the re-derivation function by function", () => {
    for (const f of fns) {
      const d = derive(events.filter((e) => e.fn === f.functionName));
      expect({ fn: f.functionName, ...d, gbSeconds: Math.round(d.gbSeconds * 1e6) }).toEqual({
        fn: f.functionName,
        invocations: f.invocations,
        coldStarts: f.coldStarts,
        snapStartRestores: f.snapStartRestores,
        preInvokeInits: f.preInvokeInits,
        unusedInits: f.unusedInits,
        initFailures: f.initFailures,
        timeouts: f.timeouts,
        peakConcurrency: f.peakConcurrency,
        gbSeconds: Math.round(f.gbSeconds * 1e6),
        windowStartMs: f.windowStartMs,
        windowEndMs: f.windowEndMs,
        initStarts: f.initStarts,
      });
    }
  });

  it("emits events in time order with every request's lines in one stream", () => {
    const run = synthesize({ invocations: 3_000, functions: 6, seed: 4 });
    let last = -Infinity;
    const streamOf = new Map<string, string>();
    const problems: string[] = [];
    for (const e of run.events()) {
      if (e.timestamp < last) problems.push(`out of order at ${e.timestamp}`);
      last = e.timestamp;
      if (!/^\d{4}\/\d\d\/\d\d\/\[(\$LATEST|\d+)\][0-9a-f]{32}$/.test(e.logStream)) problems.push(`stream ${e.logStream}`);
      if (e.requestId) {
        const s = streamOf.get(e.requestId);
        if (s === undefined) streamOf.set(e.requestId, e.logStream);
        else if (s !== e.logStream) problems.push(`request ${e.requestId} in two streams`);
      }
    }
    expect(problems).toEqual([]);
    expect(streamOf.size).toBe(3_000);
  });

  it("starts cold invocations within 10 s of INIT_START and pre-invoke ones more than 10 s after", () => {
    const reports = new Map(events.filter((r) => r.message.startsWith("REPORT ")).map((r) => [r.message.slice(18, 54), r.message]));
    const initAt = new Map<string, number>();
    const seen = new Set<string>();
    let cold = 0;
    let pre = 0;
    for (const e of events) {
      if (e.message.startsWith("INIT_START")) initAt.set(e.stream, e.timestamp);
      if (!e.message.startsWith("START ") || seen.has(e.stream) || !initAt.has(e.stream)) continue;
      seen.add(e.stream);
      const gap = e.timestamp - initAt.get(e.stream)!;
      const id = e.message.slice(17, 53);
      if (reports.get(id)!.includes("\tInit Duration: ")) {
        expect(gap).toBeLessThanOrEqual(10_000);
        cold++;
      } else {
        expect(gap).toBeGreaterThan(10_000);
        pre++;
      }
    }
    expect(cold).toBe(truth.totals.coldStarts - truth.totals.snapStartRestores);
    expect(pre).toBe(truth.totals.preInvokeInits);
  });
});
